// The admin token lives in sessionStorage only: gone when the tab closes, never in localStorage.
export const TOKEN_KEY = 'ob.adminToken';

export function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function saveToken(token: string): void {
  try {
    sessionStorage.setItem(TOKEN_KEY, token);
  } catch { /* storage disabled: the token is used for this request only */ }
}

export function clearToken(): void {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch { /* nothing stored */ }
}
