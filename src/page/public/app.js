import {
  ApiError,
  authorized,
  NetworkError,
  resume,
  SessionEndedError,
  signIn,
  signOut,
  signUp,
} from './api-client.js';

const byId = (id) => document.getElementById(id);

const signedOutView = byId('signed-out');
const signedInView = byId('signed-in');
const status = byId('status');
const signInForm = byId('sign-in-form');
const signUpForm = byId('sign-up-form');
const sessionsList = byId('sessions');
const sessionRow = byId('session-row');

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function announce(text) {
  status.textContent = text;
}

function formatWait(seconds) {
  if (seconds === null) return 'a little while';
  if (seconds < 90) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

/** What to tell the person about a failure, in their words rather than the API's. */
function describe(error) {
  if (error instanceof NetworkError) {
    return 'The service cannot be reached. Check your connection and try again.';
  }
  if (error instanceof SessionEndedError) return 'Your session has ended. Please sign in again.';
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  switch (error.code) {
    case 'invalid_credentials':
      return 'Wrong username or password.';
    case 'too_many_requests':
      return `Too many attempts. Try again in ${formatWait(error.retryAfterSeconds)}.`;
    case 'service_unavailable':
      return `The service is busy. Try again in ${formatWait(error.retryAfterSeconds)}.`;
    case 'weak_password':
      return 'Choose a different password.';
    case 'username_taken':
      return 'Choose a different username.';
    case 'validation_failed':
      return `${sentence(error.detail ?? 'The form is not valid')} Check the fields marked below.`;
    default:
      return sentence(error.detail ?? `The request failed with status ${error.status}`);
  }
}

function sentence(text) {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Field messages of a failure: the problem document's `errors`, or the field a code is about. */
function fieldErrors(error) {
  if (!(error instanceof ApiError)) return [];
  if (error.code === 'weak_password') return [{ field: 'password', message: error.detail }];
  if (error.code === 'username_taken') return [{ field: 'username', message: error.detail }];
  return error.errors.filter(
    (entry) => typeof entry?.field === 'string' && typeof entry?.message === 'string',
  );
}

function formAlert(form) {
  return byId(`${form.id}-alert`);
}

function clearFormErrors(form) {
  formAlert(form).replaceChildren();
  for (const input of form.querySelectorAll('input')) {
    input.removeAttribute('aria-invalid');
    const slot = byId(`${input.id}-error`);
    slot.textContent = '';
    input.setAttribute('aria-describedby', describedBy(input).join(' '));
  }
}

function describedBy(input) {
  const hint = byId(`${input.id}-hint`);
  return hint ? [hint.id] : [];
}

function showFormError(form, error) {
  const alert = formAlert(form);
  const summary = document.createElement('p');
  summary.textContent = describe(error);
  alert.replaceChildren(summary);

  const unplaced = document.createElement('ul');
  let firstInvalid = null;
  for (const { field, message } of fieldErrors(error)) {
    const input = form.elements.namedItem(field);
    if (!(input instanceof HTMLInputElement)) {
      const item = document.createElement('li');
      item.textContent = `${field}: ${message}`;
      unplaced.append(item);
      continue;
    }
    const slot = byId(`${input.id}-error`);
    slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', [slot.id, ...describedBy(input)].join(' '));
    firstInvalid ??= input;
  }
  if (unplaced.childElementCount > 0) alert.append(unplaced);
  firstInvalid?.focus();
}

/** Submits a form once at a time, showing its errors inside it. */
function handleSubmit(form, submit) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    form.setAttribute('aria-busy', 'true');
    clearFormErrors(form);
    announce('');
    try {
      await submit(new FormData(form));
    } catch (error) {
      showFormError(form, error);
    } finally {
      form.removeAttribute('aria-busy');
    }
  });
}

function showSignedOut({ message = '', focus = true } = {}) {
  signedInView.hidden = true;
  signedOutView.hidden = false;
  sessionsList.replaceChildren();
  document.title = 'Sign in · Auth service';
  announce(message);
  if (focus) byId('sign-in-username').focus();
}

function showProfile(user) {
  const values = {
    username: user.username,
    name: user.name,
    email: user.email,
    roles: user.roles.join(', '),
    createdAt: dateFormat.format(new Date(user.createdAt)),
  };
  for (const element of signedInView.querySelectorAll('[data-field]')) {
    const value = values[element.dataset.field];
    element.textContent = value || 'Not set';
    element.classList.toggle('unset', !value);
  }
}

function showSignedIn(user, { message = '', focus = true } = {}) {
  for (const form of [signInForm, signUpForm]) {
    form.reset();
    clearFormErrors(form);
  }
  showProfile(user);
  signedOutView.hidden = true;
  signedInView.hidden = false;
  document.title = 'Your profile · Auth service';
  announce(message);
  if (focus) byId('profile-title').focus();
  void loadSessions();
}

/** A failure while signed in: a dead session returns to the sign-in form, anything else is said. */
function handleSignedInError(error) {
  if (error instanceof SessionEndedError) showSignedOut({ message: describe(error) });
  else announce(describe(error));
}

function timeElement(iso) {
  const time = document.createElement('time');
  time.dateTime = iso;
  time.textContent = dateFormat.format(new Date(iso));
  return time;
}

function renderSession(session) {
  const row = sessionRow.content.firstElementChild.cloneNode(true);
  const device = session.userAgent || 'Unknown device';
  const deviceLine = row.querySelector('.session-device');
  deviceLine.textContent = device;
  if (session.current) {
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.textContent = 'This browser';
    deviceLine.prepend(badge);
  }
  row
    .querySelector('.session-meta')
    .append(
      'Signed in ',
      timeElement(session.createdAt),
      ', last used ',
      timeElement(session.lastUsedAt),
      session.ip ? `, from ${session.ip}` : '',
    );
  const button = row.querySelector('button');
  if (session.current) {
    button.remove();
  } else {
    button.setAttribute(
      'aria-label',
      `End the session signed in ${dateFormat.format(new Date(session.createdAt))} on ${device}`,
    );
    button.addEventListener('click', () => endSession(session.id, row));
  }
  return row;
}

async function loadSessions() {
  sessionsList.setAttribute('aria-busy', 'true');
  try {
    const sessions = await authorized('GET', '/api/auth/sessions');
    sessionsList.replaceChildren(...sessions.map(renderSession));
  } catch (error) {
    handleSignedInError(error);
  } finally {
    sessionsList.removeAttribute('aria-busy');
  }
}

async function endSession(id, row) {
  try {
    await authorized('DELETE', `/api/auth/sessions/${encodeURIComponent(id)}`);
  } catch (error) {
    // Already ended elsewhere: the list was out of date, which the reload below fixes.
    if (!(error instanceof ApiError && error.code === 'not_found')) {
      handleSignedInError(error);
      return;
    }
  }
  const next = row.nextElementSibling?.querySelector('button') ?? byId('reload-sessions');
  row.remove();
  next.focus();
  announce('The session has ended.');
}

handleSubmit(signInForm, async (data) => {
  const user = await signIn(data.get('username'), data.get('password'));
  showSignedIn(user, { message: `Signed in as ${user.username}.` });
});

handleSubmit(signUpForm, async (data) => {
  const account = { username: data.get('username'), password: data.get('password') };
  for (const optional of ['name', 'email']) {
    const value = data.get(optional).trim();
    if (value) account[optional] = value;
  }
  const user = await signUp(account);
  showSignedIn(user, { message: `Welcome, ${user.username}. Your account is ready.` });
});

byId('reload-sessions').addEventListener('click', () => loadSessions());

byId('sign-out').addEventListener('click', async () => {
  try {
    await signOut();
    showSignedOut({ message: 'You are signed out.' });
  } catch (error) {
    showSignedOut({ message: `Signed out on this page only. ${describe(error)}` });
  }
});

try {
  const user = await resume();
  if (user) showSignedIn(user, { focus: false });
  else showSignedOut({ focus: false });
} catch (error) {
  showSignedOut({ message: describe(error), focus: false });
}
