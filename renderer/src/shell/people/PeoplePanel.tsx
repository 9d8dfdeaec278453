import { useCallback, useState, type FormEvent } from 'react';
import { PersonRole } from '../../../../shared/contract/domain.js';
import type { SignIn } from '../../../../shared/contract/methods/labMethods.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useLoad } from '../../hooks/useLoad.js';
import { signInLink } from './signInLink.js';

const ROLE_HELP: Record<PersonRole, string> = {
  rater: 'rates candidates',
  annotator: 'rates and labels',
  reviewer: 'also accepts or returns masks',
  admin: 'changes models, rounds, settings and people',
};

/**
 * The lab's people, for admins: who may do what, and their sign-in links. A link is shown once,
 * when it is made (the project keeps only a hash), so the admin copies it and sends it privately.
 */
export function PeoplePanel({ onClose }: { onClose(): void }) {
  const client = useClient();
  const accounts = useLoad(useCallback(() => client.call('people.accounts'), [client]));
  const people = accounts.data ?? [];
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<PersonRole[]>(['annotator']);
  const [issued, setIssued] = useState<SignIn | null>(null);
  const [error, setError] = useState<string | null>(null);

  const act = (work: () => Promise<SignIn | null>) => {
    setError(null);
    work()
      .then((signIn) => {
        if (signIn) setIssued(signIn);
        return accounts.reload();
      })
      .catch((e) => setError(errorMessage(e)));
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    act(() => client.call('people.add', { name: name.trim(), roles }));
    setName('');
  };
  const toggle = (role: PersonRole) => setRoles((r) => (r.includes(role) ? r.filter((x) => x !== role) : [...r, role]));

  return (
    <div className="overlay" role="dialog" aria-label="People" data-testid="people-panel">
      <div className="panel people-panel">
        <div className="row">
          <h2>People</h2>
          <span className="spacer" />
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
        <p className="muted">Each person signs in with their own link; what they rate, label and review carries their name.</p>
        {error && (
          <p className="error" role="alert" data-testid="people-error">
            {error}
          </p>
        )}
        {issued && (
          <div className="card" data-testid="people-link">
            <strong>
              Sign-in link for {issued.person.name} (until {issued.expiresAt.slice(0, 10)}), shown once: copy it and send it privately.
            </strong>
            {/* The desktop has no address of its own: the link is the lab server's address with this token. */}
            <input readOnly value={client.transport.kind === 'websocket' ? signInLink(issued.token) : issued.token} onFocus={(e) => e.currentTarget.select()} aria-label={`Sign-in link for ${issued.person.name}`} />
          </div>
        )}
        <table className="people-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Roles</th>
              <th>Sign-in</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id} data-testid="people-row">
                <td>{p.name}</td>
                <td>{p.roles.join(', ') || 'removed'}</td>
                <td>{p.signInExpiresAt ? `until ${p.signInExpiresAt.slice(0, 10)}` : 'none'}</td>
                <td>
                  {p.roles.length > 0 && (
                    <>
                      <button type="button" onClick={() => act(() => client.call('people.link', { name: p.name }))}>
                        New link
                      </button>
                      <button type="button" onClick={() => act(async () => (await client.call('people.remove', { name: p.name }), null))}>
                        Remove
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form className="row people-add" onSubmit={add}>
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Name" aria-label="New person's name" />
          {PersonRole.options.map((role) => (
            <label key={role} title={ROLE_HELP[role]}>
              <input type="checkbox" checked={roles.includes(role)} onChange={() => toggle(role)} /> {role}
            </label>
          ))}
          <button type="submit" className="primary" disabled={!name.trim() || roles.length === 0}>
            Add and make link
          </button>
        </form>
      </div>
    </div>
  );
}
