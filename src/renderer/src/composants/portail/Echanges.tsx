import { useEffect, useRef, useState } from 'react';
import type { DossierLocal } from '../../../../shared/app-api/index.js';
import type { MessageEchange, Portail } from '../../../../shared/api/schemas.js';
import { nettoyerNom } from '../../../../shared/noms.js';
import type { LimitesEchanges } from '../../../../shared/workflow/index.js';
import { api, versErreurApp } from '../../api.js';
import { useApp } from '../../contexte.js';
import { dateHeure, taille } from '../../format.js';
import { LIBELLE_STATUT } from '../actions-file.js';
import { Message } from '../Formulaire.js';
import { Icone } from '../Icone.js';
import { useOuverture, Visionneuse } from '../Visionneuse.js';
import { DE_QUI } from './libelles.js';
import { NouveauMessage } from './NouveauMessage.js';

/**
 * « Échanges »: the thread with the citizen, oldest first, then the messages waiting to leave and
 * « Nouveau message ». Showing the thread marks the citizen's messages read on this workstation;
 * those that were unread keep a « Nouveau » mark while the tab stays open.
 */
export function Echanges(props: {
  dossier: DossierLocal;
  portail: Portail;
  limites: LimitesEchanges;
  recharger: () => void;
}) {
  const { dossier, portail } = props;
  const numero = dossier.numero;
  const { toast } = useApp();
  const [nouveaux, setNouveaux] = useState<Set<string>>(() => new Set(dossier.messagesNonLus));
  const { apercu, fermer, recevoir } = useOuverture(numero);
  const [refus, setRefus] = useState<string | null>(null);
  const recharger = useRef(props.recharger);
  recharger.current = props.recharger;

  const nonLus = dossier.messagesNonLus.join(' ');
  useEffect(() => {
    if (!nonLus) return;
    setNouveaux((s) => new Set([...s, ...nonLus.split(' ')]));
    api.call('echanges.marquerLus', { numero }).then(
      () => recharger.current(),
      (e: unknown) => toast(versErreurApp(e).message, 'erreur'),
    );
  }, [numero, nonLus, toast]);

  async function ouvrir(m: MessageEchange, fichier: string) {
    setRefus(null);
    try {
      recevoir(await api.call('echanges.ouvrirPiece', { numero, message: m.id, fichier }));
    } catch (e) {
      const err = versErreurApp(e);
      if (err.code === 'ouverture_refusee') setRefus(err.message);
      else toast(err.message, 'erreur');
    }
  }

  const enAttente = dossier.actions.filter((a) => a.type === 'message');
  return (
    <>
      <section className="panneau" aria-labelledby="titre-echanges">
        <h2 id="titre-echanges">Échanges avec l'usager</h2>
        {portail.messages.length === 0 && enAttente.length === 0 && (
          <p className="vide">Aucun échange pour cette demande.</p>
        )}
        <ol className="fil-messages">
          {portail.messages.map((m) => (
            <li key={m.id}>
              <article className={`message message-${m.sens}`} aria-labelledby={`sujet-${m.id}`}>
                <header className="entete-message">
                  <span className="sens">
                    <Icone nom={m.sens === 'usager' ? 'entrant' : 'sortant'} />
                    Message {DE_QUI[m.sens]}
                    {m.sens === 'mairie' && m.parNom && <span className="discret"> ({m.parNom})</span>}
                  </span>
                  <time dateTime={m.le}>{dateHeure(m.le)}</time>
                  {nouveaux.has(m.id) && <span className="badge nouveau">Nouveau</span>}
                </header>
                <h3 id={`sujet-${m.id}`}>{m.sujet}</h3>
                <p className="texte-message">{m.texte}</p>
                {m.pieces.length > 0 && (
                  <ul className="fichiers" aria-label={`Pièces jointes du message « ${m.sujet} »`}>
                    {m.pieces.map((p) => {
                      const nom = nettoyerNom(p.nom);
                      return (
                        <li key={p.id}>
                          <span className="nom-fichier">
                            <Icone nom="piece" /> {nom}
                          </span>
                          <span className="discret">{taille(p.taille)}</span>
                          <button type="button" onClick={() => void ouvrir(m, p.id)}>
                            Ouvrir<span className="visuellement-cache"> {nom}</span>
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                )}
                {m.sens === 'mairie' && (
                  <p className="lecture discret petit">
                    {m.luParUsagerLe ? (
                      <>
                        <Icone nom="lu" /> Lu par l'usager le {dateHeure(m.luParUsagerLe)}
                      </>
                    ) : (
                      <>
                        <Icone nom="non-lu" /> Pas encore lu par l'usager
                      </>
                    )}
                  </p>
                )}
              </article>
            </li>
          ))}
          {enAttente.map((a) => (
            <li key={a.id}>
              <article className="message message-mairie message-attente" aria-label={a.resume ?? 'Message'}>
                <header className="entete-message">
                  <span className="sens">
                    <Icone nom="sortant" />
                    Message de la mairie
                  </span>
                  <span className={`badge statut-${a.statut}`}>{LIBELLE_STATUT[a.statut]}</span>
                </header>
                <p>{a.resume}</p>
                {a.erreur && <p className="texte-erreur">{a.erreur}</p>}
              </article>
            </li>
          ))}
        </ol>
        <Message texte={refus} />
      </section>
      {apercu && <Visionneuse piece={apercu} fermer={fermer} />}
      <NouveauMessage numero={numero} limites={props.limites} recharger={props.recharger} />
    </>
  );
}
