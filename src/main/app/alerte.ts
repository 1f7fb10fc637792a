import { bilanArchives } from '../store/index.js';
import type { Noyau } from './noyau.js';
import type { SessionOuverte } from './session.js';

function pluriel(n: number, un: string, plusieurs: string): string {
  return n === 1 ? un : plusieurs.replace('{n}', String(n));
}

/** The French sentence of a risk or loss notification, or null when there is nothing to say. */
export function messageAlerte(aRisque: number, perdus: number, jours: number): string | null {
  const parties: string[] = [];
  if (perdus > 0)
    parties.push(
      pluriel(
        perdus,
        '1 dossier a été supprimé du guichet avant d’être archivé sur ce poste',
        '{n} dossiers ont été supprimés du guichet avant d’être archivés sur ce poste',
      ),
    );
  if (aRisque > 0)
    parties.push(
      pluriel(
        aRisque,
        `1 dossier non archivé sera supprimé par le guichet dans moins de ${jours} jours`,
        `{n} dossiers non archivés seront supprimés par le guichet dans moins de ${jours} jours`,
      ),
    );
  return parties.length ? `${parties.join(' ; ')}.` : null;
}

/**
 * At start-up and after each sync: a notification when dossiers are at risk or lost (and not yet
 * acknowledged). Said again only when the counts change, not at every periodic sync.
 */
export function alerterSiRisque(n: Noyau, s: SessionOuverte): void {
  if (n.session !== s || s.abandon.signal.aborted) return;
  const parametres = n.parametres.lire();
  const b = bilanArchives(s.db, n.maintenant(), parametres.joursRisque);
  const cle = `${b.aRisque.length}/${b.perdusNonAcquittes.length}`;
  const corps = messageAlerte(b.aRisque.length, b.perdusNonAcquittes.length, parametres.joursRisque);
  if (!corps || !parametres.notifications) {
    n.derniereAlerte = null;
    return;
  }
  if (n.derniereAlerte === cle) return;
  n.derniereAlerte = cle;
  const titre = b.perdusNonAcquittes.length > 0 ? 'Dossiers perdus' : 'Dossiers à risque';
  n.bus.emettre('notification', { titre, corps });
  n.options.plateforme.notifier?.(titre, corps);
}
