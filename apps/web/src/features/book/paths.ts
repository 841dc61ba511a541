// Where a market's book page lives.
export const bookPath = (venue: string, symbol: string) => `/venues/${encodeURIComponent(venue)}/markets/${encodeURIComponent(symbol)}`;
