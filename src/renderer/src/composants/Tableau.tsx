/** A table's hidden caption and its header row, ending with a hidden « Commandes » column. */
export function EnteteTableau(props: { legende: string; colonnes: string[] }) {
  return (
    <>
      <caption className="visuellement-cache">{props.legende}</caption>
      <thead>
        <tr>
          {props.colonnes.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
          <th scope="col">
            <span className="visuellement-cache">Commandes</span>
          </th>
        </tr>
      </thead>
    </>
  );
}
