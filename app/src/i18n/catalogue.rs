//! Every text of the interface, French then English, side by side.

macro_rules! catalogue {
    ($($key:ident: $fr:expr, $en:expr;)*) => {
        /// The texts of one language; see [`super::Lang::texts`].
        #[allow(missing_docs)]
        pub struct Texts {
            $(pub $key: &'static str,)*
        }

        /// Français.
        pub static FR: Texts = Texts { $($key: $fr,)* };

        /// English.
        pub static EN: Texts = Texts { $($key: $en,)* };
    };
}

catalogue! {
    // Site
    site_name: "Essaim", "Essaim";
    footer: "Essaim — budget participatif libre et vérifiable", "Essaim — open, verifiable participatory budgeting";
    skip_to_content: "Aller au contenu", "Skip to content";
    account_menu: "Compte et langue", "Account and language";
    loading: "Chargement…", "Loading…";
    colon: " : ", ": ";
    not_found_title: "Page introuvable", "Page not found";
    back_home: "Retour à l'accueil", "Back to the home page";
    details: "Détails", "Details";

    // Home
    home_title: "Budgets participatifs", "Participatory budgets";
    home_lead: "Proposez des projets pour votre commune, votez pour ceux que vous voulez voir financés, et vérifiez les résultats.",
        "Propose projects for your town, vote for the ones you want funded, and check the results.";
    no_campaigns: "Aucune campagne pour l'instant.", "No campaigns yet.";

    // Campaign facts
    municipality: "Commune", "Municipality";
    municipalities: "Communes", "Municipalities";
    budget: "Budget", "Budget";
    phase: "Étape", "Phase";
    proposals_close: "Fin du dépôt des propositions", "Proposals close";
    voting_window: "Vote", "Voting";
    voting_opens: "Ouverture du vote", "Voting opens";
    voting_closes: "Clôture du vote", "Voting closes";
    times_are_local: "Heures locales de la commune", "Times are the municipality's local time";
    phase_proposals: "Dépôt des propositions", "Call for proposals";
    phase_review: "Étude des propositions", "Proposals under review";
    phase_voting: "Vote ouvert", "Voting open";
    phase_counting: "Dépouillement", "Counting";
    phase_published: "Résultats publiés", "Results published";

    // Campaign page
    campaigns: "Campagnes", "Campaigns";
    proposals: "Propositions", "Proposals";
    no_proposals: "Aucune proposition pour l'instant.", "No proposals yet.";
    propose_action: "Déposer une proposition", "Submit a proposal";
    vote_action: "Voter", "Vote";
    change_vote_action: "Modifier mon vote", "Change my vote";
    see_results_action: "Voir les résultats", "See the results";
    review_link: "Étudier les propositions", "Review proposals";
    manage_link: "Piloter la campagne", "Run the campaign";
    proposal_submitted: "Merci ! Votre proposition est enregistrée ; elle sera étudiée par la commune.",
        "Thank you! Your proposal is recorded; the municipality will review it.";
    status_submitted: "En attente d'étude", "Awaiting review";
    status_accepted: "Retenue pour le vote", "On the ballot";
    status_rejected: "Non retenue", "Not retained";
    rejection_reason: "Motif", "Reason";
    your_proposal: "Votre proposition", "Your proposal";
    back_to_campaign: "Retour à la campagne", "Back to the campaign";

    // Proposal form
    propose_title: "Déposer une proposition", "Submit a proposal";
    call_closed: "Le dépôt des propositions est clos pour cette campagne.", "The call for proposals is closed for this campaign.";
    field_title: "Titre", "Title";
    field_description: "Description", "Description";
    field_cost: "Coût estimé (en euros)", "Estimated cost (in euros)";
    cost_hint: "Par exemple 12 500 ou 12 500,50. La commune vérifiera ce montant.",
        "For example 12,500 or 12500.50. The municipality will check this amount.";
    submit_proposal: "Envoyer la proposition", "Send the proposal";

    // Voting
    vote_title: "Voter", "Vote";
    voting_not_open: "Le vote n'est pas ouvert pour cette campagne.", "Voting is not open for this campaign.";
    vote_instructions: "Cochez les projets que vous souhaitez voir financés. Leur coût total ne doit pas dépasser le budget de",
        "Tick the projects you want funded. Their total cost must not exceed the budget of";
    projects_on_ballot: "Projets soumis au vote", "Projects on the ballot";
    your_total: "Total de votre sélection", "Your selection's total";
    over_budget: "Au-delà du budget : retirez un projet.", "Over the budget: remove a project.";
    cast_ballot: "Enregistrer mon vote", "Record my vote";
    ballot_recorded: "Votre vote est enregistré depuis le", "Your vote is recorded since";
    thanks_for_voting: "Merci, votre vote est enregistré. Vous pouvez le modifier jusqu'à la clôture.",
        "Thank you, your vote is recorded. You can change it until voting closes.";

    // Sign in
    sign_in: "Se connecter", "Sign in";
    sign_out: "Se déconnecter", "Sign out";
    sign_in_citizen: "Connexion par e-mail", "Sign in by email";
    sign_in_staff: "Connexion agent", "Staff sign-in";
    sign_in_needed: "Connectez-vous pour continuer.", "Sign in to continue.";
    sign_in_title: "Connexion", "Sign in";
    sign_in_lead: "Indiquez votre adresse e-mail : nous vous envoyons un code à usage unique. Pas de mot de passe à retenir.",
        "Enter your email address: we send you a one-time code. No password to remember.";
    field_email: "Adresse e-mail", "Email address";
    send_code: "Recevoir un code", "Send me a code";
    staff_question: "Agent de la commune ?", "Municipal staff?";
    code_title: "Saisissez votre code", "Enter your code";
    code_sent_to: "Un code à 6 chiffres a été envoyé à", "A 6-digit code was sent to";
    field_code: "Code reçu par e-mail", "Code from the email";
    code_resend: "Pas reçu ? Demander un nouveau code", "Nothing arrived? Ask for a new code";
    staff_sign_in_title: "Connexion des agents", "Staff sign-in";
    field_password: "Mot de passe", "Password";

    // Review
    review_title: "Étude des propositions", "Proposal review";
    review_closed: "Le vote est ouvert ou terminé : les propositions ne peuvent plus être modifiées.",
        "Voting has opened or ended: proposals can no longer be changed.";
    pending_review: "À étudier", "To review";
    nothing_to_review: "Aucune proposition en attente.", "No proposal waiting.";
    reviewed: "Déjà étudiées", "Already reviewed";
    reviewed_cost: "Coût vérifié (euros)", "Checked cost (euros)";
    accept: "Retenir pour le vote", "Put on the ballot";
    reject: "Ne pas retenir", "Do not retain";

    // Manage
    manage_title: "Piloter la campagne", "Run the campaign";
    stat_pending: "propositions à étudier", "proposals to review";
    stat_on_ballot: "projets soumis au vote", "projects on the ballot";
    stat_ballots: "bulletins", "ballots";
    close_call_now: "Clore le dépôt des propositions maintenant", "Close the call for proposals now";
    close_call_help: "Plus aucune proposition ne pourra être déposée.", "No more proposals can be submitted.";
    open_voting_now: "Ouvrir le vote maintenant", "Open voting now";
    open_voting_help: "Les projets retenus seront soumis au vote ; les propositions ne pourront plus être étudiées.",
        "Retained projects go on the ballot; proposals can no longer be reviewed.";
    close_voting_now: "Clore le vote maintenant", "Close voting now";
    close_voting_help: "Plus aucun bulletin ne sera accepté ; vous pourrez ensuite calculer les résultats.",
        "No more ballots will be accepted; you can then compute the results.";
    close_voting_reason: "Pourquoi clore le vote avant la date prévue (motif enregistré)",
        "Why close voting before the planned date (the reason is recorded)";
    counting_title: "Résultats", "Results";
    compute_results: "Calculer les résultats", "Compute the results";
    publish_results: "Publier les résultats", "Publish the results";
    results_not_computed: "Les résultats n'ont pas encore été calculés.", "The results have not been computed yet.";
    results_computed_at: "Aperçu calculé le", "Preview computed on";
    results_published_at: "Résultats publiés, calculés le", "Results published, computed on";

    // Results
    results_title: "Résultats", "Results";
    results_preview: "Aperçu réservé aux agents : ces résultats ne sont pas encore publiés.",
        "Staff preview: these results are not published yet.";
    turnout_title: "Participation", "Turnout";
    turnout_online: "Bulletins en ligne", "Online ballots";
    turnout_total: "Total", "Total";
    stat_funded: "projets financés", "projects funded";
    stat_spent_of: "attribués sur", "allocated out of";
    results_table_caption: "Votes et décision pour chaque projet", "Votes and decision for each project";
    chart_label: "Votes par projet ; les barres pleines sont les projets financés (détail dans le tableau ci-dessous)",
        "Votes per project; filled bars are funded projects (details in the table below)";
    project: "Projet", "Project";
    votes: "Votes", "Votes";
    cost: "Coût", "Cost";
    share_of_budget: "Part du budget", "Share of budget";
    decision: "Décision", "Decision";
    funded: "Financé", "Funded";
    not_funded: "Non financé", "Not funded";
    audit_title: "Vérifier ce résultat", "Check this result";
    audit_digest: "Empreinte SHA-256 des bulletins comptés", "SHA-256 of the ballots counted";
    audit_engine: "Moteur de calcul", "Counting engine";
    audit_computed_at: "Calculé le", "Computed on";

    // Explanations ({name} are filled in)
    explain_title: "Pourquoi ce résultat ?", "Why this result?";
    explain_link: "Pourquoi ?", "Why?";
    explain_summary: "Votes : {votes} · coût : {cost}", "Votes: {votes} · cost: {cost}";
    explain_verdict_funded: "Ce projet est financé.", "This project is funded.";
    explain_verdict_not_funded: "Ce projet n'est pas financé.", "This project is not funded.";
    explain_greedy_rule: "Les projets sont examinés du plus voté au moins voté (à égalité, le plus ancien d'abord), et chacun est financé s'il reste assez d'argent.",
        "Projects are considered from most to least voted (ties: oldest first), and each is funded if enough money is left.";
    explain_greedy_per_cost_rule: "Les projets sont examinés du meilleur au moins bon rapport entre votes et coût, et chacun est financé s'il reste assez d'argent.",
        "Projects are considered from the best to the worst ratio of votes to cost, and each is funded if enough money is left.";
    explain_greedy_funded: "Il est arrivé au rang {rank}. Quand son tour est venu, il restait {left} : assez pour son coût de {cost}.",
        "It came in position {rank}. When its turn came, {left} was left: enough for its cost of {cost}.";
    explain_greedy_not_funded: "Il est arrivé au rang {rank}. Quand son tour est venu, les projets mieux placés avaient déjà reçu l'argent : il ne restait que {left}, moins que son coût de {cost}. Il manquait {short}.",
        "It came in position {rank}. When its turn came, the projects ahead of it had already taken the money: only {left} was left, less than its cost of {cost}. It was {short} short.";
    explain_funded_before: "Financés avant lui", "Funded before it";
    explain_mes_rule: "Méthode des parts égales : le budget est partagé également entre les {voters} votants, soit {share} chacun. Un projet est financé quand ses soutiens peuvent payer ensemble son coût avec ce qui leur reste ; à chaque tour, le projet qui demande le moins à chacun de ses soutiens passe en premier.",
        "Method of Equal Shares: the budget is split equally among the {voters} voters, {share} each. A project is funded when its supporters can pay its cost together with what they have left; in each round, the project that asks the least of each supporter goes first.";
    explain_mes_add1: "Pour utiliser davantage le budget, la part de chaque votant a été relevée jusqu'à {share}, tant que le résultat restait dans le budget.",
        "To use more of the budget, each voter's share was raised up to {share}, as long as the outcome stayed within the budget.";
    explain_mes_funded: "Choisi au tour {round} : son coût de {cost} a été payé par ses soutiens ; {full} d'entre eux ont payé {each} chacun.",
        "Picked in round {round}: its cost of {cost} was paid by its supporters; {full} of them paid {each} each.";
    explain_mes_all_in: "{count} autres soutiens, à qui il restait moins, ont donné tout ce qu'ils avaient ({paid} en tout).",
        "{count} other supporters, who had less left, gave all they had ({paid} in total).";
    explain_mes_not_funded: "À la fin, ses {supporters} soutiens n'avaient plus que {left} en tout : ils avaient déjà payé d'autres projets qu'ils soutenaient. Il coûte {cost} : il manquait {short}.",
        "In the end, its {supporters} supporters had only {left} left in total: they had already paid for other projects they supported. It costs {cost}: it was {short} short.";
    explain_mes_no_support: "Personne ne l'a soutenu.", "Nobody supported it.";
    explain_mes_free: "Il ne coûte rien : il est financé d'office.", "It costs nothing: it is funded outright.";
    explain_fill_rule: "Après la méthode des parts égales, il restait de l'argent : les projets pas encore financés ont été repris du plus voté au moins voté.",
        "After the Method of Equal Shares, money was left: the projects not yet funded were taken from most to least voted.";
    explain_phragmen_rule: "Méthode de Phragmén : chaque projet financé est une charge partagée entre ses soutiens ; à chaque tour, on choisit le projet qui garde la charge la plus légère pour ceux qui le soutiennent.",
        "Phragmén's method: each funded project is a load shared by its supporters; in each round, the project that keeps its supporters' load lightest is picked.";
    explain_phragmen_funded: "Choisi au tour {round} : chacun de ses soutiens porte alors une charge de {load}.",
        "Picked in round {round}: each of its supporters then carries a load of {load}.";
    explain_phragmen_not_reached: "Le calcul s'est arrêté au tour {round}, quand le projet suivant ne tenait plus dans ce qui restait ({left}).",
        "The count stopped in round {round}, when the next project no longer fitted in what was left ({left}).";
    explain_phragmen_too_costly: "Il coûte plus que le budget entier.", "It costs more than the whole budget.";
    rule_greedy: "Les plus votés d'abord", "Most votes first";
    rule_greedy_per_cost: "Meilleur rapport votes/coût", "Most votes per euro";
    rule_greedy_points: "Le plus de points d'abord", "Most points first";
    rule_greedy_points_per_cost: "Meilleur rapport points/coût", "Most points per euro";
    rule_mes_cost: "Parts égales (utilité = coût)", "Equal Shares (cost utility)";
    rule_mes_approval: "Parts égales (utilité = approbations)", "Equal Shares (approval utility)";
    rule_mes_points: "Parts égales (utilité = points)", "Equal Shares (points utility)";
    rule_phragmen: "Phragmén séquentiel", "Sequential Phragmén";
    rule_then_greedy: ", complétée par les plus votés", ", completed by most votes";
    rule_then_add1: ", parts relevées", ", raised shares";
    back_to_results: "Retour aux résultats", "Back to the results";
    how_winners_are_chosen: "Comment les projets sont choisis", "How projects are chosen";

    // Comparison
    compare_link: "Comparer les règles de décision", "Compare decision rules";
    compare_title: "Comparer les règles", "Compare the rules";
    compare_lead: "Le même vote compté avec chaque règle : ce qui aurait été financé, et ce qui change. La règle de cette campagne est fixée depuis l'ouverture du vote ; cette comparaison aide à choisir celle de l'an prochain.",
        "The same ballots counted with each rule: what would have been funded, and what changes. This campaign's rule has been fixed since voting opened; this comparison helps choose next year's.";
    compare_total: "Total financé", "Total funded";
    compare_count: "Projets financés", "Projects funded";
    compare_current: "règle actuelle", "current rule";
    rule_change: "Changer de règle", "Change the rule";
    rule_change_help: "La règle peut changer jusqu'à l'ouverture du vote ; ensuite elle est fixée.",
        "The rule can change until voting opens; then it is fixed.";
    compare_differences: "Différences avec la règle actuelle", "Differences from the current rule";
    compare_gains: "financerait en plus", "would also fund";
    compare_loses: "ne financerait plus", "would no longer fund";
    compare_same: "même résultat", "same outcome";
    yes_mark: "oui", "yes";
    no_mark: "non", "no";

    // Admin
    admin: "Administration", "Administration";
    admin_title: "Administration", "Administration";
    new_campaign: "Nouvelle campagne", "New campaign";
    create_municipality_first: "Créez d'abord une commune.", "Create a municipality first.";
    field_budget: "Budget total (euros)", "Total budget (euros)";
    field_rule: "Règle de décision", "Decision rule";
    create_campaign: "Créer la campagne", "Create the campaign";
    new_municipality: "Nouvelle commune", "New municipality";
    field_name: "Nom", "Name";
    field_time_zone: "Fuseau horaire (IANA)", "Time zone (IANA)";
    create_municipality: "Créer la commune", "Create the municipality";

    // Errors
    error_unauthenticated: "Vous devez être connecté·e.", "You need to sign in.";
    error_forbidden: "Vous n'avez pas accès à cette action.", "You are not allowed to do this.";
    error_not_found: "Introuvable.", "Not found.";
    error_wrong_phase: "Ce n'est pas possible à cette étape de la campagne.", "This is not possible at this phase of the campaign.";
    error_wrong_credentials: "Adresse e-mail ou mot de passe incorrect.", "Wrong email address or password.";
    error_wrong_code: "Code incorrect ou expiré. Vérifiez-le ou demandez-en un nouveau.", "Wrong or expired code. Check it or ask for a new one.";
    error_too_many_attempts: "Trop de tentatives. Réessayez dans une heure.", "Too many attempts. Try again in an hour.";
    error_already_exists: "Ce nom est déjà utilisé.", "This name is already taken.";
    error_not_published: "Les résultats ne sont pas encore publiés.", "The results are not published yet.";
    error_results_outdated: "Les bulletins ou la règle ont changé depuis le calcul : calculez à nouveau.",
        "The ballots or the rule changed since the computation: compute again.";
    error_mail_unavailable: "Nous ne pouvons pas envoyer d'e-mail en ce moment : aucun code n'est parti. Réessayez dans quelques minutes.",
        "We cannot send email right now: no code was sent. Please try again in a few minutes.";
    error_busy: "Le serveur est très sollicité : rien n'a été enregistré, réessayez dans un instant.",
        "The server is very busy: nothing was saved, please try again in a moment.";
    error_internal: "Une erreur est survenue de notre côté. Réessayez dans un instant.", "Something went wrong on our side. Please try again in a moment.";
    error_network: "Le serveur ne répond pas. Vérifiez votre connexion.", "The server does not answer. Check your connection.";
    error_malformed: "Le formulaire est incomplet.", "The form is incomplete.";
    error_email: "Cette adresse e-mail n'est pas valide.", "This email address is not valid.";
    error_text_empty: "Ce champ est vide", "This field is empty";
    error_text_too_long: "Ce texte est trop long", "This text is too long";
    error_text_control: "Ce texte contient des caractères invisibles", "This text contains invisible characters";
    error_money_empty: "Le montant est vide.", "The amount is empty.";
    error_money_nan: "Le montant n'est pas un nombre (exemple : 12 500,50).", "The amount is not a number (example: 12,500.50).";
    error_money_precise: "Le montant a plus de deux décimales.", "The amount has more than two decimals.";
    error_money_positive: "Le montant doit être supérieur à zéro.", "The amount must be greater than zero.";
    error_money_large: "Le montant est trop élevé.", "The amount is too large.";
    error_date: "Date invalide ou inexistante (changement d'heure ?).", "Invalid or non-existent date (clock change?).";
    error_schedule_order: "Le vote ne peut pas ouvrir avant la fin du dépôt des propositions.", "Voting cannot open before the call for proposals closes.";
    error_schedule_close: "La clôture du vote doit suivre son ouverture.", "Voting must close after it opens.";
    error_time_zone: "Fuseau horaire inconnu (exemple : Europe/Paris).", "Unknown time zone (example: Europe/Paris).";
    error_rule: "Règle de décision inconnue.", "Unknown decision rule.";
    error_review_decision: "Décision inconnue.", "Unknown decision.";
    error_review_reason: "Indiquez le motif du refus.", "Give the reason for the rejection.";
    error_ballot_empty: "Choisissez au moins un projet.", "Pick at least one project.";
    error_ballot_unknown: "Un des projets choisis n'est pas soumis au vote.", "One of the projects picked is not on the ballot.";
    error_ballot_over_budget: "Votre sélection dépasse le budget :", "Your selection exceeds the budget:";
    field_label_title: "Titre", "Title";
    field_label_description: "Description", "Description";
    field_label_reason: "Motif", "Reason";
    field_label_other: "Champ", "Field";
}
