export { OrderBook, createOrderBook, type SideName, type TopOfBook } from './book';
export { BookSide, levelKey } from './side';
