/** tail -f, maintail -f and fg: svwizctl against svwizd, next to the real supervisorctl against Python supervisord. */
import { defineStreamTests } from '../../helpers/ctl-stream-cases.js';
import { startSvwizd } from '../../helpers/svwizd-daemon.js';

defineStreamTests('ctz', startSvwizd);
