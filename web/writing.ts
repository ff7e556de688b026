// The writing tools: the report form, history, rename and merge, import, the deleted view and the
// sign-in dialog. Loaded on first use (web/main.ts), so that a reader's first load carries neither
// them nor zod, which they validate with.
import './zod-setup'; // must stay the first import: see the module
export { confirmDelete, openReportForm } from './report-form';
export { openHistory } from './history';
export { openDeleted, openRename } from './manage';
export { openImport } from './import-dialog';
export { openSignIn } from './sign-in';
