/** tail -f, maintail -f and fg: svwizctl against svwizd, next to the real supervisorctl against Python supervisord. */
import { defineStreamTests } from '../../helpers/ctl-stream-cases.js';
import { startSvwizd } from '../../helpers/ctl-svwizd.js';

defineStreamTests('ctz', startSvwizd);
