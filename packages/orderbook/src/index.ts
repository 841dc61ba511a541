export * from './events';
export { OrderBook, createOrderBook, type SideName, type TopOfBook } from './book';
export { BookSide } from './side';
export * from './runtime';
