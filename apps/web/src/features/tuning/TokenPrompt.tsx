// Asked for when the server answers 401: the admin token, kept for this tab only.
import { useState, type FormEvent } from 'react';

interface Props { rejected: boolean; busy: boolean; onSubmit(token: string): void; onCancel(): void }

export function TokenPrompt({ rejected, busy, onSubmit, onCancel }: Props) {
  const [token, setToken] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (token.trim()) onSubmit(token.trim());
  };
  return (
    <form className="token-prompt" onSubmit={submit} data-testid="token-prompt">
      <label htmlFor="admin-token">
        {rejected ? 'That token was not accepted. Admin token:' : 'This server needs the admin token to change settings:'}
      </label>
      <div className="row">
        <input id="admin-token" type="password" autoComplete="off" autoFocus value={token} onChange={(e) => setToken(e.target.value)} />
        <button type="submit" className="primary" disabled={busy || !token.trim()}>Apply with token</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
      <p className="field-help">Kept in this tab only (sessionStorage) and sent as a Bearer token.</p>
    </form>
  );
}
