import { useEffect, useRef, useState } from 'react';

/** The "Aide" popover: keyboard shortcuts. */
export function Aide(props: { gestion: boolean }) {
  const [ouvert, setOuvert] = useState(false);
  const boite = useRef<HTMLDivElement | null>(null);
  const bouton = useRef<HTMLButtonElement | null>(null);

  // F1, announced on the button, opens and closes the help from anywhere in the window.
  useEffect(() => {
    function f1(ev: KeyboardEvent) {
      if (ev.key !== 'F1') return;
      ev.preventDefault();
      setOuvert((o) => {
        if (o) bouton.current?.focus();
        return !o;
      });
    }
    window.addEventListener('keydown', f1);
    return () => window.removeEventListener('keydown', f1);
  }, []);

  useEffect(() => {
    if (ouvert) boite.current?.focus();
  }, [ouvert]);

  useEffect(() => {
    if (!ouvert) return;
    function touche(ev: KeyboardEvent) {
      if (ev.key === 'Escape') {
        setOuvert(false);
        bouton.current?.focus();
      }
    }
    function clic(ev: MouseEvent) {
      if (!boite.current?.contains(ev.target as Node) && ev.target !== bouton.current) setOuvert(false);
    }
    window.addEventListener('keydown', touche);
    window.addEventListener('mousedown', clic);
    return () => {
      window.removeEventListener('keydown', touche);
      window.removeEventListener('mousedown', clic);
    };
  }, [ouvert]);

  return (
    <div className="aide">
      <button
        type="button"
        ref={bouton}
        aria-expanded={ouvert}
        aria-controls="aide-contenu"
        onClick={() => setOuvert((o) => !o)}
        aria-keyshortcuts="F1"
      >
        Aide
      </button>
      {ouvert && (
        <div
          className="popover"
          id="aide-contenu"
          ref={boite}
          role="dialog"
          aria-label="Aide : raccourcis clavier"
          tabIndex={-1}
        >
          <h2>Raccourcis clavier</h2>
          <dl className="raccourcis">
            <dt>
              <kbd>Ctrl</kbd> + <kbd>K</kbd> ou <kbd>/</kbd>
            </dt>
            <dd>Rechercher un télédossier</dd>
            <dt>
              <kbd>↓</kbd> dans la recherche
            </dt>
            <dd>Aller à la liste des dossiers</dd>
            <dt>
              <kbd>Alt</kbd> + <kbd>1</kbd>
            </dt>
            <dd>Tableau de bord</dd>
            <dt>
              <kbd>Alt</kbd> + <kbd>2</kbd>
            </dt>
            <dd>Télédossiers</dd>
            <dt>
              <kbd>Alt</kbd> + <kbd>3</kbd>
            </dt>
            <dd>File d'attente</dd>
            {props.gestion && (
              <>
                <dt>
                  <kbd>Alt</kbd> + <kbd>4</kbd>
                </dt>
                <dd>Utilisateurs</dd>
              </>
            )}
            <dt>
              <kbd>Alt</kbd> + <kbd>5</kbd>
            </dt>
            <dd>Mon compte</dd>
            <dt>
              <kbd>Alt</kbd> + <kbd>6</kbd>
            </dt>
            <dd>Paramètres</dd>
            <dt>
              <kbd>Espace</kbd>
            </dt>
            <dd>Cocher la ligne sélectionnée de la liste</dd>
            <dt>
              <kbd>Entrée</kbd>
            </dt>
            <dd>Ouvrir le dossier de la ligne sélectionnée</dd>
            <dt>
              <kbd>Échap</kbd>
            </dt>
            <dd>Fermer une fenêtre ou cette aide</dd>
            <dt>
              <kbd>F1</kbd>
            </dt>
            <dd>Ouvrir ou fermer cette aide</dd>
          </dl>
          <p className="discret petit">
            Le guichet supprime chaque dossier 30 jours après son dépôt : l'application en garde une copie
            locale vérifiée.
          </p>
        </div>
      )}
    </div>
  );
}
