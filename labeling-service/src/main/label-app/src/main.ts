/** Radflow labeling web app: login, routes, screens. */
import './style.css';
import { Auth } from './auth';
import { loadConfig } from './config';
import { useAuth } from './http';
import { setup } from './state';
import { clear, clearMessages, errorText, globalShortcut, h, showHelp } from './ui';
import { studiesScreen } from './screens/studies';
import { patientScreen } from './screens/patient';
import { uploadScreen } from './screens/upload';
import { seriesScreen } from './screens/series';
import { LabelingScreen } from './screens/labeling';
import { initImaging } from './imaging';

let current: LabelingScreen | null = null;

async function route(): Promise<void> {
  const main = document.getElementById('app')!;
  current?.close();
  current = null;
  clear(main);
  clearMessages();
  const [path, query] = (location.hash.slice(1) || '/').split('?');
  const params = new URLSearchParams(query ?? '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  document.body.dataset.screen = parts[0] ?? 'studies';
  try {
    if (parts[0] === 'patient' && parts[1]) {
      await patientScreen(main, parts[1]);
    } else if (parts[0] === 'upload') {
      uploadScreen(main);
    } else if (parts[0] === 'study' && parts[1]) {
      await seriesScreen(main, parts[1]);
    } else if (parts[0] === 'label' && parts[1] && parts[2]) {
      await initImaging();
      current = new LabelingScreen(main, parts[1], parts[2], params);
      await current.open();
    } else {
      studiesScreen(main, params);
    }
  } catch (e) {
    console.error(e);
    main.append(h('p', { class: 'error', role: 'alert' }, `This page failed: ${errorText(e)}`));
  }
  document.body.dataset.ready = parts[0] ?? 'studies';
}

async function start(): Promise<void> {
  const config = await loadConfig();
  const auth = new Auth(config);
  await auth.init();
  setup(config, auth);
  useAuth(auth);
  const user = document.getElementById('user')!;
  user.append(
    `${auth.username} (${auth.roles.filter((r) => ['radiologist', 'annotator', 'researcher', 'admin'].includes(r)).join(', ')})`,
    ' ',
    h('button', { type: 'button', id: 'logout', onclick: () => auth.logout() }, 'Log out'),
  );
  document.body.dataset.canWrite = String(auth.canWrite);
  document.getElementById('help-button')!.addEventListener('click', showHelp);
  globalShortcut({ keys: '?', what: 'Show or hide the keyboard shortcuts', run: showHelp });
  window.addEventListener('hashchange', () => void route());
  await route();
}

start().catch((e) => {
  console.error(e);
  const main = document.getElementById('app')!;
  main.replaceChildren(h('p', { class: 'error', role: 'alert' }, `Radflow labeling cannot start: ${errorText(e)}`));
});
