// Dashboard entry (bundled by scripts/build.mjs into dist/web/app.js).
//
// Flow: the URL query is the view (url-state.ts, view-state.ts) → the documented read routes (api.ts,
// load-view.ts) → each section of the page (section-*.ts) and the provenance panel. The page words and
// arranges the API's numbers; the arithmetic of DESIGN.md ("Derived figures") is the server's.
// Signed-in users get the write controls (writing-hook.ts); those tools, and zod with them, load on
// first use (writing.ts): a reader's first load is the charts alone.
import { snapshot, type ChartSnapshot } from './charts';
import { syncControls, wireFilterBar } from './filter-bar';
import { fromUrl, refresh, render } from './load-view';
import { initProvenance } from './provenance';
import { estimatesChart, wireEstimatesSection } from './section-estimates';
import { mainChart, wireMainSection } from './section-main';
import { wireReportsSection } from './section-reports';
import { takeInviteSecret } from './session';
import { onViewChange } from './view-state';
import { wireWriting } from './writing-hook';
import { openPermalink } from './permalink';
import { wireSharing } from './share';
import { wireRoleTools } from './role-tools';

// An invitation link's secret (#invite=…) leaves the address bar before anything else happens (no await
// before this line); it is only ever held until the sign-in dialog takes it.
const inviteSecret: string | null = takeInviteSecret();

// Test hook: a read-only view of what each chart holds and drew (used by test/e2e).
declare global {
  interface Window {
    readonly __charts?: { main(): ChartSnapshot | null; estimates(): ChartSnapshot | null };
  }
}
Object.defineProperty(window, '__charts', {
  value: Object.freeze({ main: () => snapshot(mainChart.current), estimates: () => snapshot(estimatesChart.current) }),
  writable: false, configurable: false,
});

function boot(): void {
  initProvenance();
  onViewChange(() => {
    syncControls();
    void render([]);
  });
  wireFilterBar();
  wireMainSection();
  wireEstimatesSection();
  wireReportsSection();
  window.addEventListener('popstate', () => void fromUrl());
  wireWriting(inviteSecret, refresh);
  wireRoleTools();
  wireSharing();
  void openPermalink().then(fromUrl);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
