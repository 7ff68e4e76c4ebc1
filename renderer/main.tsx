import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { startEarlyReads } from './app/early-reads';
import { sessionActions } from './session/session-store';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// A reload's queue is read while React renders (early-reads.ts); rendered as a transition, the first
// render yields every few milliseconds, so IndexedDB's answers are taken in between instead of waiting
// the whole first render out (about 90 ms on the bench machine) at each step of the read.
startEarlyReads(sessionActions().session);
startTransition(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
