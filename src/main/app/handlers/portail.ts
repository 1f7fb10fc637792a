import { createHash } from 'node:crypto';
import type { FichierPortail } from '../../../shared/api/index.js';
import { ErreurApp, type PieceOuverte } from '../../../shared/app-api/index.js';
import { citerNom, ecrireDocument } from '../../archive/index.js';
import type { RouteBinaire } from '../../guichet-client/index.js';
import {
  creerActionAnnulerRendezVous,
  creerActionJustificatif,
  creerActionMessage,
  creerActionProposerRendezVous,
  demanderCorrection,
  rafraichirDossier,
  versActionFile,
} from '../../outbox/index.js';
import { lirePortail, marquerLus } from '../../store/index.js';
import type { Noyau } from '../noyau.js';
import { apres, contexte } from './actions.js';
import { ouvrirContenu } from './contenu.js';
import type { Domaine } from './types.js';

function portailOuErreur(n: Noyau, numero: string) {
  const p = lirePortail(n.exigerSession().db, numero);
  if (!p) {
    throw new ErreurApp(
      'introuvable',
      `Le dossier ${numero} n'a pas d'échanges avec l'usager sur ce poste (démarche hors portail citoyen, ou pas encore synchronisé).`,
    );
  }
  return p;
}

/**
 * A citizen's file is not kept on this workstation: it is read from the guichet when the agent
 * opens it, then goes through exactly the rules of an archive's pièces (ouvrirContenu).
 */
async function ouvrirFichierPortail(
  n: Noyau,
  numero: string,
  f: FichierPortail,
  route: RouteBinaire,
  params: Record<string, string>,
): Promise<PieceOuverte> {
  const s = n.exigerSession();
  if (s.mode !== 'en-ligne') {
    throw new ErreurApp(
      'hors_ligne',
      `Le fichier ${citerNom(f.nom)} du dossier ${numero} n'est pas conservé sur ce poste : il s'ouvre depuis le guichet, injoignable pour le moment${s.client.suspendu ? ' (vous travaillez hors ligne)' : ''}. Réessayez une fois reconnecté.`,
    );
  }
  const octets = await n.enLigne((sess) => sess.client.telecharger(route, { numero, ...params }));
  if (createHash('sha256').update(octets).digest('hex') !== f.sha256) {
    // Replaced by the citizen since the last sync: the agent must see (and decide on) the new one.
    await rafraichirDossier(s, numero).catch((e: unknown) => n.surErreurReseau(e));
    n.bus.emettre('dossiers.changes', { numeros: [numero] });
    throw new ErreurApp(
      'fichier_remplace',
      `Le fichier ${citerNom(f.nom)} du dossier ${numero} a changé sur le guichet depuis la dernière synchronisation : le dossier vient d'être mis à jour, ouvrez à nouveau le fichier.`,
    );
  }
  return ouvrirContenu(n, numero, f.nom, octets, (dossier) => ecrireDocument(octets, f.nom, dossier));
}

export const portail: Domaine = {
  'echanges.envoyer': ({ numero, sujet, texte, pieces }, n) => {
    const s = n.exigerSession();
    const a = creerActionMessage(
      contexte(s),
      numero,
      sujet,
      texte,
      pieces.map((p) => ({ nom: p.nom, contenu: Buffer.from(p.contenuBase64, 'base64') })),
    );
    apres(n, [numero]);
    return versActionFile(a);
  },

  'echanges.marquerLus': ({ numero }, n) => {
    const s = n.exigerSession();
    portailOuErreur(n, numero);
    const nonLus = marquerLus(s.db, numero);
    n.bus.emettre('dossiers.changes', { numeros: [numero] });
    return { nonLus };
  },

  'echanges.ouvrirPiece': ({ numero, message, fichier }, n) => {
    const m = portailOuErreur(n, numero).messages.find((x) => x.id === message);
    const f = m?.pieces.find((p) => p.id === fichier);
    if (!m || !f)
      throw new ErreurApp(
        'introuvable',
        `Cette pièce jointe n'existe pas dans les échanges du dossier ${numero}.`,
      );
    return ouvrirFichierPortail(n, numero, f, 'fichierMessage', { id: message, fichier });
  },

  'justificatifs.ouvrir': ({ numero, id }, n) => {
    const j = portailOuErreur(n, numero).justificatifs.find((x) => x.id === id);
    if (!j) throw new ErreurApp('introuvable', `Le dossier ${numero} n'a pas de justificatif « ${id} ».`);
    if (!j.fichier)
      throw new ErreurApp(
        'introuvable',
        `Le justificatif « ${j.libelle} » du dossier ${numero} n'a pas encore été fourni par l'usager.`,
      );
    return ouvrirFichierPortail(n, numero, j.fichier, 'fichierJustificatif', { id });
  },

  'justificatifs.decider': ({ numero, id, statut, motif }, n) => {
    const a = creerActionJustificatif(contexte(n.exigerSession()), numero, id, statut, motif ?? null);
    apres(n, [numero]);
    return versActionFile(a);
  },

  'dossiers.demanderCorrection': ({ numero, manque, invalides }, n) => {
    const actions = demanderCorrection(contexte(n.exigerSession()), numero, manque, invalides);
    apres(n, [numero]);
    return { actions: actions.map(versActionFile) };
  },

  'rendezVous.proposer': ({ numero, debut, fin, lieu, objet, remplace }, n) => {
    const a = creerActionProposerRendezVous(contexte(n.exigerSession()), numero, {
      debut,
      fin,
      lieu,
      objet,
      ...(remplace ? { remplace } : {}),
    });
    apres(n, [numero]);
    return versActionFile(a);
  },

  'rendezVous.annuler': ({ numero, id, motif }, n) => {
    const a = creerActionAnnulerRendezVous(contexte(n.exigerSession()), numero, id, motif);
    apres(n, [numero]);
    return versActionFile(a);
  },
};
