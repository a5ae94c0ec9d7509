/** Every doctor check, in the order the report prints them within an area. Ids are stable API. */
import type { Check } from '../src/doctor/types.js';
import { configSyntaxCheck } from './config-syntax.js';
import { configValuesCheck } from './config-values.js';
import { includeGlobCheck } from './include-glob.js';
import { staleSocketCheck } from './stale-socket.js';
import { portCollisionCheck } from './port-collision.js';
import { pidfileCheck } from './pidfile.js';
import { supervisorRunningCheck } from './supervisor-running.js';
import { logPermissionsCheck } from './log-permissions.js';
import { worldWritableCheck } from './world-writable.js';
import { missingEnvCheck } from './missing-env.js';
import { commandCheck } from './command.js';
import { programUserCheck } from './program-user.js';
import { directoryCheck } from './directory.js';
import { processStateCheck } from './process-state.js';
import { initScriptCheck } from './init-script.js';
import { duplicateBootServiceCheck } from './duplicate-boot-service.js';
import { systemdUnitCheck } from './systemd-unit.js';
import { webSecurityCheck } from './web-security.js';
import { logRotationCheck } from './log-rotation.js';

export const allChecks: Check[] = [
  configSyntaxCheck,
  configValuesCheck,
  includeGlobCheck,
  staleSocketCheck,
  portCollisionCheck,
  pidfileCheck,
  supervisorRunningCheck,
  logPermissionsCheck,
  worldWritableCheck,
  missingEnvCheck,
  commandCheck,
  programUserCheck,
  directoryCheck,
  processStateCheck,
  initScriptCheck,
  duplicateBootServiceCheck,
  systemdUnitCheck,
  webSecurityCheck,
  logRotationCheck,
];
