/** tail -f, maintail -f and fg: svwizctl against Python supervisord, next to the real supervisorctl. */
import { defineStreamTests } from '../../helpers/ctl-stream-cases.js';
import { startPythonDaemon } from '../../helpers/ctl-pair.js';

defineStreamTests('cts', startPythonDaemon);
