"""Textes français de l'intake (mêmes clés que en.py)."""

# One message per line reads better than strings wrapped at 100 columns.
# ruff: noqa: E501

MESSAGES: dict[str, str] = {
    "lang.name": "Français",
    "app.title": "Signaler une fuite de données",
    "app.org_prefix": "Signalement pour",
    "app.security": "Équipe sécurité",
    "app.language": "Langue",
    "nav.home": "Mes signalements",
    "nav.report": "Signaler une fuite",
    "nav.overview": "Fuites ouvertes",
    "unknown": "Je ne sais pas",
    "yes": "Oui",
    "no": "Non",
    "optional": "facultatif",
    "required": "obligatoire",
    "form.intro": (
        "Dites-nous au plus vite ce que vous savez, même si c'est encore peu. "
        "Répondez « Je ne sais pas » si vous n'êtes pas sûr : vous pourrez ajouter des faits "
        "plus tard."
    ),
    "form.errors": "Certaines réponses demandent votre attention. Elles sont indiquées ci-dessous.",
    "form.section.reporter": "Qui signale",
    "form.section.what": "Ce qui s'est passé",
    "form.section.when": "Quand",
    "form.section.data": "Quelles données et quelles personnes",
    "form.section.exposure": "Protection et exposition",
    "form.section.now": "Maintenant",
    "form.section.attachments": "Pièces justificatives",
    "form.reporter_name": "Votre nom",
    "form.reporter_email": "Votre adresse e-mail",
    "form.reporter_email.help": "Nous y envoyons l'accusé de réception et nos questions.",
    "form.reporter_phone": "Numéro de téléphone où vous joindre",
    "form.description": "Que s'est-il passé ?",
    "form.description.help": (
        "Décrivez-le avec vos mots : ce qui n'a pas fonctionné, comment, et ce que vous avez vu."
    ),
    "form.incident_type": "À quel type d'incident cela ressemble-t-il le plus ?",
    "form.occurred": "Quand cela s'est-il produit ?",
    "form.occurred.at": "À un moment connu",
    "form.occurred.between": "Entre deux moments",
    "form.occurred_at": "Moment",
    "form.occurred_from": "Du",
    "form.occurred_to": "Au",
    "form.detected": "Quand cela a-t-il été découvert ?",
    "form.detected.at": "À ce moment",
    "form.detected_at": "Moment de la découverte",
    "form.how_discovered": "Comment cela a-t-il été découvert ?",
    "form.how_discovered.help": (
        "Par exemple : un collègue l'a remarqué, un client a appelé, une alerte."
    ),
    "form.systems": "Quels systèmes, fichiers ou documents sont concernés ?",
    "form.systems.help": "Par exemple : le portail salaires, une liste Excel, un dossier papier.",
    "form.data": "Quels types de données sont concernés ?",
    "form.data.help": "Cochez tout ce qui peut être concerné.",
    "form.subjects_count": "Environ combien de personnes sont touchées ?",
    "form.subjects_count.help": "Une estimation suffit.",
    "form.subject_groups": "Quels groupes de personnes ?",
    "form.encrypted": "Les données étaient-elles chiffrées ?",
    "form.encrypted.help": (
        "Ne répondez oui que si les données étaient chiffrées et que la clé ou le mot de passe "
        "est toujours en sécurité."
    ),
    "form.encrypted.yes": "Oui, et la clé ou le mot de passe est en sécurité",
    "form.encrypted.no": "Non",
    "form.encrypted.key_compromised": "Oui, mais la clé ou le mot de passe a aussi été exposé",
    "form.disclosure": (
        "Les données ont-elles été envoyées ou montrées à quelqu'un qui ne devait pas les avoir ?"
    ),
    "form.disclosure.not_affected": "Non, personne d'autre ne les a vues ni reçues",
    "form.disclosure.no_evidence_of_access": (
        "Elles ont été perdues ou volées, mais rien n'indique que quelqu'un les a consultées"
    ),
    "form.disclosure.known_recipients": "Oui, à des personnes ou organisations connues",
    "form.disclosure.unknown_recipients": (
        "Oui, peut-être à des inconnus (piratage, publication, vol et lecture)"
    ),
    "form.recipients": "À qui ?",
    "form.recipients_count": "Combien de destinataires ?",
    "form.deletion_confirmed": (
        "Les destinataires ont-ils confirmé avoir effacé ou renvoyé les données ?"
    ),
    "form.malicious": "Pensez-vous que quelqu'un l'a fait exprès ?",
    "form.malicious.help": "Par exemple un vol, un piratage ou une fraude, plutôt qu'une erreur.",
    "form.ongoing": "Est-ce toujours en cours ?",
    "form.measures": "Qu'a-t-on déjà fait ?",
    "form.measures.help": (
        "Par exemple : mot de passe changé, destinataire prié d'effacer, ordinateur effacé."
    ),
    "form.attachments": "Pièces jointes",
    "form.attachments.help": (
        "Facultatif : captures d'écran ou documents, au plus {count} fichiers de {size} Mo "
        "chacun (PDF, PNG, JPEG, texte, CSV ou e-mails)."
    ),
    "form.submit": "Envoyer le signalement",
    "data.identity": "Noms, dates de naissance, adresses",
    "data.contact": "Adresses e-mail et numéros de téléphone",
    "data.work": "Fonction, horaires, évaluations",
    "data.education": "Diplômes et formations",
    "data.family": "Situation familiale (partenaire, enfants)",
    "data.national_id": "Numéros de registre national",
    "data.bank": "Numéros de compte, salaires, fiches de paie",
    "data.card": "Numéros de cartes de paiement",
    "data.login": "Mots de passe ou codes de connexion",
    "data.id_documents": "Copies de cartes d'identité ou de passeports",
    "data.location": "Données de localisation, de badge ou de caméra",
    "data.sick_leave": "Congés de maladie, certificats médicaux, médecine du travail",
    "data.health": "Autres données de santé ou médicales",
    "data.biometric": "Empreintes digitales ou scans du visage",
    "data.union": "Affiliation syndicale",
    "data.criminal": "Casier judiciaire ou infractions",
    "data.beliefs": "Religion, origine, opinions politiques ou vie sexuelle",
    "group.employees": "Travailleurs",
    "group.former_employees": "Anciens travailleurs",
    "group.applicants": "Candidats",
    "group.customers": "Clients",
    "group.children": "Enfants",
    "group.patients": "Patients",
    "group.self_employed": "Indépendants affiliés",
    "group.other": "Autres",
    "incident.ransomware": "Fichiers bloqués par un rançongiciel",
    "incident.hacking_malware": "Piratage ou virus informatique",
    "incident.phishing_social_engineering": "Un e-mail d'hameçonnage ou un appel frauduleux",
    "incident.credential_stuffing": "Quelqu'un s'est connecté avec des mots de passe volés",
    "incident.insider_misuse": "Un collègue a consulté ou pris des données sans raison",
    "incident.device_lost_stolen": "Un ordinateur, un téléphone ou une clé USB perdu ou volé",
    "incident.paper_lost_stolen": "Des documents papier perdus ou volés",
    "incident.mail_misdelivered": "Une lettre envoyée à la mauvaise adresse",
    "incident.email_misdirected": "Un e-mail envoyé à la mauvaise personne",
    "incident.open_distribution_list": "Un e-mail montrant les adresses de tous les destinataires",
    "incident.unintended_publication": "Des données publiées par erreur (site web, dossier partagé)",
    "incident.wrong_data_shown": "Quelqu'un a vu les données d'une autre personne dans une application",
    "incident.misconfiguration": "Un mauvais paramétrage a laissé des données accessibles",
    "incident.technical_failure": "Une panne technique (données perdues ou inaccessibles)",
    "incident.improper_disposal": "Documents ou appareils jetés sans effacement",
    "incident.verbal_disclosure": "Des informations dites à la mauvaise personne",
    "incident.data_deleted": "Des données effacées par erreur",
    "incident.other": "Autre chose",
    "error.required": "Veuillez répondre à cette question (ou cocher « Je ne sais pas »).",
    "error.email": "Veuillez indiquer une adresse e-mail valable.",
    "error.datetime": "Veuillez indiquer une date et une heure.",
    "error.future": "Ce moment se situe dans le futur.",
    "error.order": "La fin précède le début.",
    "error.number": "Veuillez indiquer un nombre entier (ou cocher « Je ne sais pas »).",
    "error.choice": "Veuillez choisir une des options.",
    "error.too_long": "Cette réponse est trop longue.",
    "error.invalid": "Cette réponse contient des caractères que nous ne pouvons pas conserver.",
    "error.too_many_files": "Trop de fichiers : au plus {count}.",
    "error.file_too_large": "{name} est trop volumineux : au plus {size} Mo.",
    "error.file_type": "{name} n'est pas un type de fichier accepté.",
    "error.csrf": "Ce formulaire a expiré. Veuillez l'envoyer à nouveau.",
    "error.activity": "Activité de traitement inconnue.",
    "error.before_gdpr": (
        "Ce moment se situe avant le 25 mai 2018, date d'application du RGPD. Veuillez "
        "vérifier l'année."
    ),
    "error.after_detection": (
        "La violation ne peut pas avoir commencé après sa découverte. Veuillez vérifier les "
        "deux moments."
    ),
    "error.count_range": (
        "Ce nombre est plus grand que vraisemblable (au plus {maximum}). Veuillez le vérifier."
    ),
    "error.encoding": (
        "Cette réponse contient des caractères illisibles. Veuillez la saisir à nouveau."
    ),
    "error.disk_full": (
        "Nous n'avons pas pu enregistrer votre signalement : l'espace de stockage de notre "
        "serveur est plein. Rien n'a été enregistré. Veuillez réessayer plus tard ; en cas "
        "d'urgence, appelez l'équipe de sécurité."
    ),
    "ack.title": "Merci : votre signalement a été reçu",
    "ack.reference": "Référence",
    "ack.received": "Reçu le",
    "ack.next": "La suite",
    "ack.next.text": (
        "Notre délégué à la protection des données examine maintenant votre signalement. "
        "Nous pourrions vous contacter pour des questions. Si la fuite concerne des données "
        "que nous traitons pour vous, nous vous communiquons nos constats afin que vous "
        "puissiez décider de notifier l'Autorité de protection des données dans vos 72 heures."
    ),
    "ack.mail_sent": "Vous recevrez aussi cet accusé de réception par e-mail.",
    "ack.status_link": "Suivre le signalement sur sa page de statut",
    "ack.mail.subject": "Signalement de fuite {reference} reçu",
    "ack.mail.greeting": "Bonjour {name},",
    "ack.mail.body": "Nous avons reçu votre signalement le {received}. Sa référence est {reference}.",
    "ack.mail.status": "Page de statut : {url}",
    "status.title": "Signalement {reference}",
    "status.state": "Statut",
    "status.next": "Prochaine étape",
    "status.received": "Reçu le",
    "status.occurred": "Survenu",
    "status.sent": "Ce que nous vous avons envoyé",
    "status.sent.none": "Rien pour l'instant.",
    "status.description": "Votre description",
    "status.attachments": "Pièces jointes",
    "status.activities": "Activités de traitement concernées",
    "status.not_found": "Ce signalement n'existe pas, ou vous ne pouvez pas le consulter.",
    "home.title": "Signalements",
    "home.empty": "Aucun signalement pour l'instant.",
    "home.reference": "Référence",
    "home.state": "Statut",
    "home.received": "Reçu le",
    "home.relation.reporter": "signalé par vous",
    "home.relation.controller": "concerne vos données",
    "home.relation.security": "",
    "auth.title": "Accès requis",
    "auth.text": (
        "Ouvrez le lien reçu pour signaler une fuite de données. Le lien a peut-être été révoqué."
    ),
    "auth.wait": (
        "Trop de tentatives avec un lien inconnu depuis votre adresse. Veuillez patienter "
        "{seconds} secondes et réessayer."
    ),
    "state.received": "Reçu, en attente d'une première évaluation",
    "state.assessed": "Évalué, en attente de l'examen par notre délégué",
    "state.awaiting_review": "En attente de l'examen par notre délégué à la protection des données",
    "state.drafting": "Les notifications sont en préparation",
    "state.awaiting_approval": "Les notifications attendent l'approbation",
    "state.approved": "Notifications approuvées, sur le point d'être envoyées",
    "state.filed": "Notifié ; le dossier est en cours de clôture",
    "state.part2_due": "Première partie notifiée ; la notification complète suit",
    "state.closed": "Clôturé",
    "state.withdrawn": "Retiré",
    "next.received": "Les faits sont évalués automatiquement en quelques minutes.",
    "next.assessed": "Notre délégué à la protection des données vérifie l'évaluation.",
    "next.awaiting_review": "Notre délégué à la protection des données vérifie l'évaluation.",
    "next.drafting": "Les notifications et les lettres sont rédigées.",
    "next.awaiting_approval": "Les projets sont approuvés ou corrigés.",
    "next.approved": "Les notifications sont introduites et envoyées.",
    "next.filed": "Le dossier est clôturé une fois les causes traitées.",
    "next.part2_due": "La notification complète est introduite dans les 21 jours.",
    "next.closed": "Rien : le dossier est clôturé.",
    "next.withdrawn": "Rien : la notification a été retirée.",
    "document.gba_notification": "Notification à l'Autorité de protection des données",
    "document.processor_notice": "Avis à vous en tant que responsable du traitement",
    "document.subject_letter": "Lettre aux personnes concernées",
    "document.public_communication": "Communication publique",
    "document.register_entry": "Inscription au registre des fuites",
    "document.other": "Document",
    "overview.title": "Fuites ouvertes",
    "overview.csv": "Télécharger le registre des fuites (CSV)",
    "overview.empty": "Aucune fuite ouverte.",
    "overview.deadline": "Échéance la plus proche",
    "overview.hours_left": "encore {hours} h",
    "overview.overdue": "{hours} h de retard",
    "overview.no_deadline": "pas d'échéance",
    "overview.obligations": "Obligations",
    "overview.documents": "Documents",
    "overview.timeline": "Historique d'audit",
    "overview.prefect": "Ouvrir la décision en attente dans Prefect",
    "overview.client": "Client",
    "overview.party": "Partie",
    "overview.due": "Échéance",
    "overview.state": "État",
    "overview.none": "Aucun pour l'instant.",
    "obligation.open": "ouverte",
    "obligation.done": "faite",
    "obligation.cancelled": "annulée",
    "kind.register_entry": "Inscription au registre (art. 33(5))",
    "kind.authority_notification": "Notifier l'APD (art. 33)",
    "kind.authority_part2": "APD partie 2",
    "kind.subject_communication": "Informer les personnes concernées (art. 34)",
    "kind.public_communication": "Communication publique (art. 34(3)(c))",
    "kind.processor_notice": "Informer le client responsable du traitement (art. 33(2))",
    "kind.assist_controller": "Assister le client responsable du traitement (art. 28(3)(f))",
    "kind.scope_check": "Vérifier les autres clients et nos propres données",
    "kind.joint_partner_notice": "Informer le responsable conjoint (art. 26)",
    "kind.ccb_early_warning": "CCB alerte précoce (NIS2)",
    "kind.ccb_incident_notification": "CCB notification d'incident (NIS2)",
    "kind.ccb_final_report": "CCB rapport final (NIS2)",
}
