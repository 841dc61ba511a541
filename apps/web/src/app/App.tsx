import { Link, NavLink, Route, Routes } from 'react-router-dom';
import { CrossVenuePage } from '../features/cross/CrossVenuePage';
import { useLive } from '../live/LiveContext';
import { BookPage } from '../features/book/BookPage';
import { ReconnectBanner } from '../features/status/ReconnectBanner';
import { StatusPills } from '../features/status/StatusPills';
import { OverviewPage } from './OverviewPage';

export function App() {
  const { link } = useLive();
  return (
    <div className={`app${link === 'open' ? '' : ' is-stale'}`}>
      <header className="top">
        <Link to="/" className="brand">Orderbook streamer</Link>
        <nav className="nav"><NavLink to="/" end>Overview</NavLink><NavLink to="/instruments" data-testid="nav-cross">Cross-venue</NavLink></nav>
        <StatusPills />
      </header>
      <ReconnectBanner />
      <main>
        <Routes>
          <Route path="/" element={<OverviewPage />} />
          <Route path="/markets/:symbol" element={<BookPage />} />
          <Route path="/venues/:venue/markets/:symbol" element={<BookPage />} />
          <Route path="/instruments" element={<CrossVenuePage />} />
          <Route path="/instruments/:key" element={<CrossVenuePage />} />
          <Route path="*" element={<section className="panel"><h2>Not found</h2><p><Link to="/">Back to the overview</Link></p></section>} />
        </Routes>
      </main>
    </div>
  );
}
