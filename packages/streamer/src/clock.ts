export { systemClock, silentLog } from '@ob/orderbook';
