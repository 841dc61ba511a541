// Where a market's book page lives, and where its "← Overview" goes back to.
export const bookPath = (venue: string, symbol: string) => `/venues/${encodeURIComponent(venue)}/markets/${encodeURIComponent(symbol)}`;

/** Router state handed to the book page: the overview as it was left (with its venue filter). */
export interface BookNavState { back: string }

export const overviewState = (search: string): BookNavState => ({ back: `/${search}` });

/** The overview to go back to: the one handed in, if it is one of ours, else the plain overview. */
export function backTo(state: unknown): string {
  const back = (state as Partial<BookNavState> | null)?.back;
  return typeof back === 'string' && /^\/(\?|$)/.test(back) ? back : '/';
}
