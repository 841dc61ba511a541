export * from './events';
export { OrderBook, createOrderBook, type SideName, type TopOfBook } from './book';
export { BookSide, levelKey } from './side';
export * from './runtime';
