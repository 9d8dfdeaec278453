/** A list of shortcuts as the key maps show them: the key, then what it does. */
export function KeyTable({ keys }: { keys: ReadonlyArray<readonly [string, string]> }) {
  return (
    <table className="key-table">
      <tbody>
        {keys.map(([key, action]) => (
          <tr key={key}>
            <td>
              <kbd>{key}</kbd>
            </td>
            <td>{action}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
