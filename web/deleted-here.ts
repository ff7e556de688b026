// Reports deleted in this tab, kept so that the deleted view can offer them first and undo can work
// (shared by the page and the lazily loaded writing tools).
import type { Report } from '../server/domain/report-fields';

export const deletedHere = new Map<number, Report>();
