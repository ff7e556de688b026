// A section's chart: the one on screen (destroyed before the next is drawn) and its PNG button.
import { downloadPng, type LineChart } from './charts';
import { byId } from './dom';
import { pngName } from './view-state';

export class ChartSlot {
  current: LineChart | null = null;

  constructor(private readonly pngButtonId: string, private readonly pngLabel: string) {}

  /** The PNG button's handler, wired once at start-up. */
  wire(): void {
    byId(this.pngButtonId).addEventListener('click', () => this.current && downloadPng(this.current, pngName(this.pngLabel)));
  }

  clear(): void {
    this.current?.destroy();
    this.current = null;
  }

  /** After a render: the PNG button works only with a chart on screen. */
  settle(): void {
    byId<HTMLButtonElement>(this.pngButtonId).disabled = this.current === null;
  }
}
