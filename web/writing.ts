// The writing tools: the report form, history, rename and merge, import, the deleted view, the
// sign-in and invitation dialogs, one's account, and the admins' accounts and audit log. Loaded on first use (web/main.ts), so that a reader's first load carries neither
// them nor zod, which they validate with.
import './zod-setup'; // must stay the first import: see the module
export { confirmDelete, openReportForm } from './report-form';
export { openHistory } from './history';
export { openDeleted, openRename } from './manage';
export { openImport } from './import-dialog';
export { openInvitation, openSignIn } from './sign-in';
export { openAccount } from './account-dialog';
export { openAccounts } from './accounts-dialog';
export { openAudit } from './audit-view';
