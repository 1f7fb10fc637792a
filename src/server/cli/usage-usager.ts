/** The `usager` part of the CLI's help (kept apart: the other commands never load the citizen's side). */
export const USAGE_USAGER = `  usager <action> --db <fichier> <numéro> [options]   (le côté usager d'une demande de portail citoyen)
         repondre    --sujet <s> --texte <t> [--piece <chemin>]…   écrire à la mairie (courriel aux agents)
         fournir     --justificatif <id> --fichier <chemin>         fournir un justificatif (incomplet → rectifié)
         rectifier   [--texte <t>]                                  signaler la demande corrigée (incomplet → rectifié)
         annuler     --motif <m>                                    annuler la demande
         rdv         --debut <ISO> --fin <ISO> [--lieu <l>] [--objet <o>]   prendre un rendez-vous
         rdv-annuler --id <id> --motif <m>                          annuler un rendez-vous
         lire                                                       lire les messages de la mairie
         voir        [--json]                                       ce que l'usager voit de sa demande
         [--courriels <dossier>] [--horloge-fichier <fichier>] : comme serve / submit.`;
