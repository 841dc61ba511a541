export { systemClock, silentLog } from '@ob/core';
