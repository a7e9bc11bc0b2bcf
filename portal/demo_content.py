"""The words and facts of the demo: one basket fund, its rolling call, three tiers, staff,
seven local organisations and their applications.

Kept apart from `portal.demo` (which only writes rows) so translators and reviewers can read
the content on its own. Authored fields carry all six interface languages; applications are
written in the applicant's own language, as they would be. Amounts are USD minor units (cents).
Times are hours before the moment the demo is loaded, so the queue always looks current.
"""

FUND = {
    "code": "wpf",
    "currency": "USD",
    "default_language": "en",
    "countries": ["CD", "LB", "CO", "RW", "NG", "AF", "SS", "ML", "MZ"],
    "name": {
        "en": "Women Peacebuilders Fund",
        "fr": "Fonds des femmes bâtisseuses de paix",
        "es": "Fondo de Mujeres Constructoras de Paz",
        "ar": "صندوق النساء بانيات السلام",
        "sw": "Mfuko wa Wanawake Wajenzi wa Amani",
        "pt": "Fundo de Mulheres Construtoras da Paz",
    },
    "description": {
        "en": "A basket fund pooled by several donors so that money reaches local women's groups "
              "directly: groups that prevent violence, protect their communities and build peace, "
              "formal or informal, applying in their own language.",
        "fr": "Un fonds commun alimenté par plusieurs donateurs pour que l'argent parvienne directement "
              "aux groupes locaux de femmes qui préviennent la violence, protègent leurs communautés et "
              "construisent la paix, qu'ils soient formels ou informels, et dans leur propre langue.",
        "es": "Un fondo común, aportado por varios donantes, para que el dinero llegue directamente a los "
              "grupos locales de mujeres que previenen la violencia, protegen a sus comunidades y "
              "construyen paz, sean formales o informales, y en su propio idioma.",
        "ar": "صندوق مشترك يساهم فيه عدد من المانحين لإيصال التمويل مباشرةً إلى المجموعات النسائية "
              "المحلية التي تعمل على منع العنف وحماية مجتمعاتها وبناء السلام، رسميةً كانت أم غير "
              "رسمية، وبلغتها الخاصة.",
        "sw": "Mfuko wa pamoja unaochangiwa na wafadhili kadhaa ili pesa ziwafikie moja kwa moja vikundi "
              "vya wanawake vya jamii vinavyozuia vurugu, vinavyolinda jamii zao na kujenga amani — "
              "viwe rasmi au visivyo rasmi, na kwa lugha yao wenyewe.",
        "pt": "Um fundo comum, financiado por vários doadores, para que o dinheiro chegue diretamente aos "
              "grupos locais de mulheres que previnem a violência, protegem as suas comunidades e "
              "constroem a paz, sejam formais ou informais, e na sua própria língua.",
    },
}

CALL = {
    "slug": "wpf-rolling-2026",
    "default_language": "en",
    "languages": ["en", "fr", "es", "ar", "sw", "pt"],
    "title": {
        "en": "Rolling call 2026: money for women peacebuilders, when they need it",
        "fr": "Appel permanent 2026 : des fonds pour les femmes bâtisseuses de paix, quand elles en ont besoin",
        "es": "Convocatoria abierta 2026: recursos para mujeres constructoras de paz, cuando los necesitan",
        "ar": "دعوة مفتوحة طوال عام 2026: تمويل للنساء بانيات السلام حين يحتجن إليه",
        "sw": "Wito wa wazi 2026: fedha kwa wanawake wajenzi wa amani, wakati wanapozihitaji",
        "pt": "Chamada contínua 2026: recursos para mulheres construtoras da paz, quando elas precisam",
    },
    "description": {
        "en": "You can apply at any time of the year. Choose the grant that fits your need: an emergency "
              "grant decided within 72 hours, a seed grant for your group's own peace work, or a "
              "consortium grant to work together with other groups. Write in the language you are most "
              "comfortable with: we will find a reviewer who reads it.",
        "fr": "Vous pouvez déposer une demande à tout moment de l'année. Choisissez la subvention qui "
              "correspond à votre besoin : une subvention d'urgence décidée en 72 heures, une subvention "
              "de démarrage pour le travail de paix de votre groupe, ou une subvention de consortium pour "
              "travailler avec d'autres groupes. Écrivez dans la langue qui vous est la plus familière : "
              "nous trouverons une évaluatrice qui la lit.",
        "es": "Puedes postularte en cualquier momento del año. Elige la subvención que se ajusta a tu "
              "necesidad: una subvención de emergencia que decidimos en 72 horas, una subvención semilla "
              "para el trabajo de paz de tu grupo o una subvención para consorcios si quieres trabajar "
              "junto con otros grupos. Escribe en el idioma en que te sientas más cómoda: buscaremos a "
              "una evaluadora que lo lea.",
        "ar": "يمكنكِ التقديم في أي وقت من السنة. اختاري المنحة التي تناسب حاجتكِ: منحة طارئة نقرّر "
              "بشأنها خلال 72 ساعة، أو منحة تأسيسية لعمل مجموعتكِ من أجل السلام، أو منحة ائتلاف للعمل مع "
              "مجموعات أخرى. اكتبي باللغة التي ترتاحين إليها أكثر، وسنجد مراجِعة تقرؤها.",
        "sw": "Mnaweza kuomba wakati wowote wa mwaka. Chagueni ruzuku inayolingana na mahitaji yenu: "
              "ruzuku ya dharura inayoamuliwa ndani ya saa 72, ruzuku ya mbegu kwa kazi ya amani ya "
              "kikundi chenu, au ruzuku ya muungano ili kufanya kazi pamoja na vikundi vingine. Andikeni "
              "kwa lugha mnayoijua vizuri zaidi: tutampata mtathmini anayeisoma.",
        "pt": "Pode apresentar uma candidatura a qualquer momento do ano. Escolha o subsídio que "
              "corresponde à sua necessidade: um subsídio de emergência decidido em até 72 horas, um "
              "subsídio inicial para o trabalho pela paz do seu grupo ou um subsídio para consórcios, "
              "para trabalhar em conjunto com outros grupos. Escreva na língua em que se sente mais à "
              "vontade: encontraremos uma avaliadora que a leia.",
    },
}

BUDGET_DOCUMENT = {
    "key": "budget",
    "label": {
        "en": "A simple budget (a photo or a PDF is fine)",
        "fr": "Un budget simple (une photo ou un PDF suffit)",
        "es": "Un presupuesto sencillo (sirve una foto o un PDF)",
        "ar": "ميزانية بسيطة (تكفي صورة أو ملف PDF)",
        "sw": "Bajeti rahisi (picha au PDF inatosha)",
        "pt": "Um orçamento simples (uma foto ou um PDF serve)",
    },
}

AGREEMENT_DOCUMENT = {
    "key": "agreement",
    "label": {
        "en": "A letter of agreement between the members (signed; a photo is fine)",
        "fr": "Une lettre d'accord entre les membres (signée ; une photo suffit)",
        "es": "Una carta de acuerdo entre las organizaciones (firmada; sirve una foto)",
        "ar": "رسالة اتفاق بين الأعضاء (موقّعة، وتكفي صورة منها)",
        "sw": "Barua ya makubaliano kati ya wanachama (iliyotiwa saini; picha inatosha)",
        "pt": "Uma carta de acordo entre os membros (assinada; uma foto serve)",
    },
}

# Questions asked by both the seed and the consortium tiers.
PEOPLE_QUESTION = {
    "key": "people",
    "max_chars": 600,
    "label": {
        "en": "Who will take part, and who will this work help?",
        "fr": "Qui va participer, et à qui ce travail va-t-il servir ?",
        "es": "¿Quiénes participarán y a quiénes ayudará este trabajo?",
        "ar": "مَن سيشارك، ومَن سيستفيد من هذا العمل؟",
        "sw": "Nani watashiriki, na kazi hii itamsaidia nani?",
        "pt": "Quem vai participar e a quem este trabalho vai ajudar?",
    },
    "help": {
        "en": "Say roughly how many women, girls or other people, and where they live. No names are needed.",
        "fr": "Indiquez à peu près combien de femmes, de filles ou d'autres personnes, et où elles vivent. "
              "Aucun nom n'est nécessaire.",
        "es": "Di más o menos cuántas mujeres, niñas u otras personas, y dónde viven. No hace falta dar nombres.",
        "ar": "اذكري تقريباً عدد النساء أو الفتيات أو غيرهن، وأين يعشن. لا حاجة إلى ذكر أسماء.",
        "sw": "Semeni takriban ni wanawake, wasichana au watu wengine wangapi, na wanaishi wapi. "
              "Hakuna haja ya majina.",
        "pt": "Diga aproximadamente quantas mulheres, meninas ou outras pessoas, e onde vivem. "
              "Não é preciso dar nomes.",
    },
}

CHANGE_QUESTION = {
    "key": "change",
    "max_chars": 800,
    "label": {
        "en": "What will be different if your work succeeds?",
        "fr": "Qu'est-ce qui aura changé si votre travail réussit ?",
        "es": "¿Qué será diferente si el trabajo sale bien?",
        "ar": "ما الذي سيتغيّر إذا نجح عملكن؟",
        "sw": "Nini kitakuwa tofauti kazi yenu ikifanikiwa?",
        "pt": "O que vai mudar se o trabalho tiver sucesso?",
    },
    "help": {
        "en": "Tell us, in your own words, the change you hope to see. There is no wrong answer.",
        "fr": "Dites-nous, avec vos propres mots, le changement que vous espérez voir. "
              "Il n'y a pas de mauvaise réponse.",
        "es": "Cuéntanos con tus propias palabras el cambio que esperas ver. No hay respuestas equivocadas.",
        "ar": "أخبرينا بكلماتكِ الخاصة عن التغيير الذي تأملين أن تريه. لا توجد إجابة خاطئة.",
        "sw": "Tuelezeni kwa maneno yenu wenyewe mabadiliko mnayotarajia kuona. Hakuna jibu lisilo sahihi.",
        "pt": "Conte-nos, com as suas próprias palavras, a mudança que espera ver. Não há respostas erradas.",
    },
}

EMERGENCY = {
    "key": "emergency",
    "min_amount_minor": 50_000,
    "max_amount_minor": 800_000,
    "max_questions": 4,
    "decision_hours": 72,
    "required_documents": [],
    "title": {
        "en": "Emergency grant",
        "fr": "Subvention d'urgence",
        "es": "Subvención de emergencia",
        "ar": "منحة طارئة",
        "sw": "Ruzuku ya dharura",
        "pt": "Subsídio de emergência",
    },
    "description": {
        "en": "USD 500 to 8,000 for an urgent need: protection, relocation, medical care or an emergency "
              "response. Four short questions, no documents. We decide within 72 hours.",
        "fr": "De 500 à 8 000 USD pour un besoin urgent : protection, relocalisation, soins médicaux ou "
              "réponse d'urgence. Quatre questions courtes, aucun document. Nous décidons en 72 heures.",
        "es": "De 500 a 8.000 USD para una necesidad urgente: protección, reubicación, atención médica o "
              "respuesta a una emergencia. Cuatro preguntas cortas, sin documentos. Decidimos en 72 horas.",
        "ar": "من 500 إلى 8,000 دولار أمريكي لحاجة عاجلة: الحماية أو الانتقال إلى مكان آمن أو الرعاية "
              "الطبية أو الاستجابة لحالة طارئة. أربعة أسئلة قصيرة ومن دون أي وثائق. نتخذ القرار خلال 72 ساعة.",
        "sw": "Dola 500 hadi 8,000 za Kimarekani kwa hitaji la haraka: ulinzi, kuhamia mahali salama, "
              "matibabu au kukabiliana na dharura. Maswali manne mafupi, bila nyaraka. Tunatoa uamuzi "
              "ndani ya saa 72.",
        "pt": "De 500 a 8.000 USD para uma necessidade urgente: proteção, mudança para um lugar seguro, "
              "cuidados médicos ou resposta a uma emergência. Quatro perguntas curtas, sem documentos. "
              "Decidimos em até 72 horas.",
    },
    "rules": [
        {
            "field": "purpose",
            "operator": "in",
            "value": ["emergency"],
            "explanation": {
                "en": "This grant is only for urgent needs, such as protection, relocation or an emergency "
                      "response. If your work is not urgent, the seed grant or the consortium grant may suit "
                      "you better, and you can apply for them at any time.",
                "fr": "Cette subvention est réservée aux besoins urgents, comme la protection, la "
                      "relocalisation ou une réponse d'urgence. Si votre travail n'est pas urgent, la "
                      "subvention de démarrage ou la subvention de consortium vous conviendra peut-être "
                      "mieux, et vous pouvez les demander à tout moment.",
                "es": "Esta subvención es solo para necesidades urgentes, como protección, reubicación o "
                      "respuesta a una emergencia. Si tu trabajo no es urgente, la subvención semilla o la "
                      "de consorcios pueden ajustarse mejor, y puedes solicitarlas en cualquier momento.",
                "ar": "هذه المنحة مخصّصة للحاجات العاجلة فقط، مثل الحماية أو الانتقال إلى مكان آمن أو "
                      "الاستجابة لحالة طارئة. إذا لم يكن عملكِ عاجلاً، فقد تناسبكِ المنحة التأسيسية أو منحة "
                      "الائتلاف أكثر، ويمكنكِ التقديم عليهما في أي وقت.",
                "sw": "Ruzuku hii ni kwa mahitaji ya haraka tu, kama ulinzi, kuhamia mahali salama au "
                      "kukabiliana na dharura. Ikiwa kazi yenu si ya dharura, ruzuku ya mbegu au ruzuku ya "
                      "muungano huenda zikawafaa zaidi, na mnaweza kuziomba wakati wowote.",
                "pt": "Este subsídio é apenas para necessidades urgentes, como proteção, mudança para um "
                      "lugar seguro ou resposta a uma emergência. Se o trabalho do seu grupo não for "
                      "urgente, o subsídio inicial ou o subsídio para consórcios podem ser mais adequados, "
                      "e é possível candidatar-se a eles a qualquer momento.",
            },
        },
    ],
    "questions": [
        {
            "key": "situation",
            "max_chars": 800,
            "label": {
                "en": "What is happening?",
                "fr": "Que se passe-t-il ?",
                "es": "¿Qué está pasando?",
                "ar": "ماذا يحدث؟",
                "sw": "Nini kinaendelea?",
                "pt": "O que aconteceu?",
            },
            "help": {
                "en": "Tell us in a few sentences what has happened and where. You do not need to give names.",
                "fr": "Dites-nous en quelques phrases ce qui s'est passé et où. Inutile de donner des noms.",
                "es": "Cuéntanos en pocas frases qué ha ocurrido y dónde. No hace falta dar nombres.",
                "ar": "أخبرينا في بضع جمل بما حدث وأين. لا داعي لذكر أي أسماء.",
                "sw": "Tueleze kwa sentensi chache kilichotokea na wapi. Huhitaji kutaja majina.",
                "pt": "Conte-nos em poucas frases o que aconteceu e onde. Não é preciso dar nomes.",
            },
        },
        {
            "key": "people",
            "max_chars": 600,
            "label": {
                "en": "Who is at risk, and who will this grant help?",
                "fr": "Qui est en danger, et qui cette subvention va-t-elle aider ?",
                "es": "¿Quién está en riesgo y a quién ayudará esta subvención?",
                "ar": "مَن المعرّضون للخطر، ومَن ستساعده هذه المنحة؟",
                "sw": "Nani yuko hatarini, na ruzuku hii itamsaidia nani?",
                "pt": "Quem está em risco e quem este subsídio vai ajudar?",
            },
            "help": {
                "en": "For example: \"three women human rights defenders and their children\". Numbers are enough.",
                "fr": "Par exemple : « trois défenseuses des droits humains et leurs enfants ». "
                      "Des chiffres suffisent.",
                "es": "Por ejemplo: «tres defensoras de derechos humanos y sus hijos». Basta con números.",
                "ar": "مثلاً: «ثلاث مدافعات عن حقوق الإنسان وأطفالهن». تكفي الأعداد.",
                "sw": "Kwa mfano: \"wanawake watatu watetezi wa haki za binadamu na watoto wao\". Idadi inatosha.",
                "pt": "Por exemplo: «três defensoras de direitos humanos e os filhos delas». Bastam números.",
            },
        },
        {
            "key": "activities",
            "max_chars": 800,
            "label": {
                "en": "What will you do with the money?",
                "fr": "Que ferez-vous avec l'argent ?",
                "es": "¿Qué harán con el dinero?",
                "ar": "ماذا ستفعلن بالمال؟",
                "sw": "Mtafanya nini na pesa hizi?",
                "pt": "O que vão fazer com o dinheiro?",
            },
            "help": {
                "en": "List the main costs, for example transport, a safe place to stay, medicines or phone credit.",
                "fr": "Indiquez les principales dépenses, par exemple le transport, un lieu sûr où loger, "
                      "des médicaments ou du crédit téléphonique.",
                "es": "Enumera los gastos principales, por ejemplo transporte, un lugar seguro donde quedarse, "
                      "medicamentos o saldo para el teléfono.",
                "ar": "اذكري أهم التكاليف، مثل النقل أو مكان آمن للإقامة أو الأدوية أو رصيد الهاتف.",
                "sw": "Tajeni gharama kuu, kwa mfano usafiri, mahali salama pa kukaa, dawa au salio la simu.",
                "pt": "Indique os principais custos, por exemplo transporte, um lugar seguro para ficar, "
                      "medicamentos ou saldo de telefone.",
            },
        },
        {
            "key": "timeline",
            "max_chars": 600,
            "label": {
                "en": "How quickly do you need the money?",
                "fr": "Dans quel délai avez-vous besoin de l'argent ?",
                "es": "¿Con qué urgencia necesitan el dinero?",
                "ar": "متى تحتجن إلى المال؟",
                "sw": "Mnahitaji pesa hizi kwa haraka kiasi gani?",
                "pt": "Com que urgência precisam do dinheiro?",
            },
            "help": {
                "en": "Tell us by which date you need it. We ask for payment details only if the grant is approved.",
                "fr": "Dites-nous pour quelle date il vous le faut. Nous ne demandons les coordonnées de "
                      "paiement que si la subvention est accordée.",
                "es": "Dinos para qué fecha lo necesitas. Solo pedimos los datos de pago si la subvención "
                      "es aprobada.",
                "ar": "أخبرينا بالتاريخ الذي تحتجن فيه إلى المال. لا نطلب بيانات الدفع إلا بعد الموافقة على المنحة.",
                "sw": "Tuambieni mnazihitaji kufikia tarehe gani. Tunaomba maelezo ya malipo tu baada ya "
                      "ruzuku kukubaliwa.",
                "pt": "Diga-nos até que data precisam dele. Só pedimos os dados de pagamento se o subsídio "
                      "for aprovado.",
            },
        },
    ],
}

SEED = {
    "key": "seed",
    "min_amount_minor": 500_000,
    "max_amount_minor": 1_300_000,
    "max_questions": 6,
    "decision_hours": 30 * 24,
    "required_documents": [BUDGET_DOCUMENT],
    "title": {
        "en": "Seed grant",
        "fr": "Subvention de démarrage",
        "es": "Subvención semilla",
        "ar": "منحة تأسيسية",
        "sw": "Ruzuku ya mbegu",
        "pt": "Subsídio inicial",
    },
    "description": {
        "en": "USD 5,000 to 13,000 for the peace work of a group led by women, for up to a year. Informal "
              "groups are welcome: you do not need to be registered. Six questions and a simple budget. "
              "We decide within 30 days.",
        "fr": "De 5 000 à 13 000 USD pour le travail de paix d'un groupe dirigé par des femmes, sur un an "
              "au plus. Les groupes informels sont les bienvenus : il n'est pas nécessaire d'être "
              "enregistré. Six questions et un budget simple. Nous décidons en 30 jours.",
        "es": "De 5.000 a 13.000 USD para el trabajo de paz de un grupo liderado por mujeres, durante un "
              "año como máximo. Los grupos informales son bienvenidos: no hace falta estar registrados. "
              "Seis preguntas y un presupuesto sencillo. Decidimos en 30 días.",
        "ar": "من 5,000 إلى 13,000 دولار أمريكي لعمل بناء السلام الذي تقوم به مجموعة تقودها نساء، لمدة "
              "تصل إلى سنة. نرحّب بالمجموعات غير الرسمية، فلا يُشترط أن تكون مجموعتكِ مسجّلة. ستة أسئلة "
              "وميزانية بسيطة. نتخذ القرار خلال 30 يوماً.",
        "sw": "Dola 5,000 hadi 13,000 za Kimarekani kwa kazi ya amani ya kikundi kinachoongozwa na "
              "wanawake, kwa muda wa hadi mwaka mmoja. Vikundi visivyo rasmi vinakaribishwa: si lazima "
              "kikundi kiwe kimesajiliwa. Maswali sita na bajeti rahisi. Tunatoa uamuzi ndani ya siku 30.",
        "pt": "De 5.000 a 13.000 USD para o trabalho pela paz de um grupo liderado por mulheres, durante "
              "até um ano. Grupos informais são bem-vindos: não é preciso ser uma organização formalizada. "
              "Seis perguntas e um orçamento simples. Decidimos em até 30 dias.",
    },
    "rules": [
        {
            "field": "women_led",
            "operator": "eq",
            "value": ["yes"],
            "explanation": {
                "en": "Seed grants go to groups led by women, because women peacebuilders rarely receive "
                      "money directly. If your group is not led by women, you can still take part in a "
                      "consortium led by a women's organisation, or write to us to talk about other options.",
                "fr": "Les subventions de démarrage vont aux groupes dirigés par des femmes, car les "
                      "bâtisseuses de paix reçoivent rarement des fonds directement. Si votre groupe n'est "
                      "pas dirigé par des femmes, vous pouvez participer à un consortium mené par une "
                      "organisation de femmes, ou nous écrire pour parler d'autres possibilités.",
                "es": "Las subvenciones semilla son para grupos liderados por mujeres, porque las "
                      "constructoras de paz casi nunca reciben fondos directamente. Si tu grupo no está "
                      "liderado por mujeres, puedes sumarte a un consorcio encabezado por una organización "
                      "de mujeres, o escribirnos para conversar sobre otras opciones.",
                "ar": "تُمنح المنح التأسيسية للمجموعات التي تقودها نساء، لأن النساء بانيات السلام نادراً ما "
                      "يحصلن على التمويل مباشرةً. إذا لم تكن مجموعتكِ بقيادة نسائية، يمكنكِ المشاركة في "
                      "ائتلاف تقوده منظمة نسائية، أو مراسلتنا للحديث عن خيارات أخرى.",
                "sw": "Ruzuku za mbegu hutolewa kwa vikundi vinavyoongozwa na wanawake, kwa sababu "
                      "wanawake wajenzi wa amani hupata fedha moja kwa moja mara chache sana. Ikiwa kikundi "
                      "chenu hakiongozwi na wanawake, bado mnaweza kushiriki katika muungano unaoongozwa "
                      "na shirika la wanawake, au kutuandikia ili tuzungumze kuhusu njia nyingine.",
                "pt": "Os subsídios iniciais são para grupos liderados por mulheres, porque as construtoras "
                      "da paz raramente recebem financiamento diretamente. Se o seu grupo não é liderado "
                      "por mulheres, pode fazer parte de um consórcio liderado por uma organização de "
                      "mulheres, ou mandar-nos uma mensagem para conversarmos sobre outras possibilidades.",
            },
        },
        {
            "field": "budget_band",
            "operator": "in",
            "value": ["under_10k", "10k_50k"],
            "explanation": {
                "en": "Seed grants are meant for small groups, with a yearly budget under USD 50,000, "
                      "because they find it hardest to get funding. If your organisation is larger, "
                      "consider leading or joining a consortium with smaller local groups.",
                "fr": "Les subventions de démarrage sont destinées aux petits groupes, dont le budget annuel "
                      "est inférieur à 50 000 USD, car ce sont eux qui ont le plus de mal à obtenir des "
                      "fonds. Si votre organisation est plus grande, pensez à mener ou à rejoindre un "
                      "consortium avec de petits groupes locaux.",
                "es": "Las subvenciones semilla están pensadas para grupos pequeños, con un presupuesto "
                      "anual inferior a 50.000 USD, porque son los que más difícil lo tienen para conseguir "
                      "fondos. Si tu organización es más grande, considera liderar un consorcio con grupos "
                      "locales más pequeños o sumarte a uno.",
                "ar": "المنح التأسيسية موجّهة إلى المجموعات الصغيرة التي تقل ميزانيتها السنوية عن 50,000 "
                      "دولار أمريكي، لأنها الأكثر صعوبة في الحصول على التمويل. إذا كانت منظمتكِ أكبر من ذلك، "
                      "ففكّري في قيادة ائتلاف مع مجموعات محلية أصغر أو الانضمام إلى ائتلاف قائم.",
                "sw": "Ruzuku za mbegu ni kwa ajili ya vikundi vidogo vyenye bajeti ya mwaka iliyo chini "
                      "ya dola 50,000 za Kimarekani, kwa sababu ndivyo hupata shida zaidi kupata fedha. "
                      "Ikiwa shirika lenu ni kubwa zaidi, fikirieni kuongoza au kujiunga na muungano "
                      "pamoja na vikundi vidogo vya mahali hapo.",
                "pt": "Os subsídios iniciais são para grupos pequenos, com orçamento anual inferior a "
                      "50.000 USD, porque são os que têm mais dificuldade em obter financiamento. Se a "
                      "sua organização é maior, considere liderar um consórcio com grupos locais menores "
                      "ou fazer parte de um.",
            },
        },
        {
            "field": "purpose",
            "operator": "in",
            "value": ["project", "joint_work"],
            "explanation": {
                "en": "Seed grants support peace work planned over several months. If you need money "
                      "urgently for protection or an emergency, the emergency grant is faster: we decide "
                      "within 72 hours.",
                "fr": "Les subventions de démarrage financent un travail de paix prévu sur plusieurs mois. "
                      "Si vous avez besoin d'argent en urgence pour une protection ou une situation "
                      "d'urgence, la subvention d'urgence est plus rapide : nous décidons en 72 heures.",
                "es": "Las subvenciones semilla apoyan trabajo de paz previsto para varios meses. Si "
                      "necesitas dinero con urgencia para protección o una emergencia, la subvención de "
                      "emergencia es más rápida: decidimos en 72 horas.",
                "ar": "تدعم المنح التأسيسية عملاً من أجل السلام مخطَّطاً له على مدى عدة أشهر. إذا كنتِ "
                      "بحاجة عاجلة إلى المال للحماية أو لحالة طارئة، فالمنحة الطارئة أسرع: نتخذ القرار "
                      "خلال 72 ساعة.",
                "sw": "Ruzuku za mbegu zinasaidia kazi ya amani iliyopangwa kwa miezi kadhaa. Ikiwa "
                      "mnahitaji pesa haraka kwa ajili ya ulinzi au dharura, ruzuku ya dharura ni ya haraka "
                      "zaidi: tunatoa uamuzi ndani ya saa 72.",
                "pt": "Os subsídios iniciais apoiam trabalho pela paz previsto para vários meses. Se "
                      "precisa de dinheiro com urgência para proteção ou para uma emergência, o subsídio "
                      "de emergência é mais rápido: decidimos em até 72 horas.",
            },
        },
    ],
    "questions": [
        {
            "key": "situation",
            "max_chars": 1000,
            "label": {
                "en": "What problem in your community do you want to work on?",
                "fr": "Sur quel problème de votre communauté voulez-vous agir ?",
                "es": "¿Qué problema de tu comunidad quieres atender?",
                "ar": "ما المشكلة التي تريدين العمل عليها في مجتمعكِ؟",
                "sw": "Ni tatizo gani katika jamii yenu mnalotaka kulishughulikia?",
                "pt": "Que problema da sua comunidade querem enfrentar?",
            },
            "help": {
                "en": "Describe the situation in your own words. A few sentences are enough.",
                "fr": "Décrivez la situation avec vos propres mots. Quelques phrases suffisent.",
                "es": "Describe la situación con tus propias palabras. Bastan unas pocas frases.",
                "ar": "صِفي الوضع بكلماتكِ الخاصة. تكفي بضع جمل.",
                "sw": "Elezeni hali ilivyo kwa maneno yenu wenyewe. Sentensi chache zinatosha.",
                "pt": "Descreva a situação com as suas próprias palavras. Bastam algumas frases.",
            },
        },
        {
            "key": "activities",
            "max_chars": 1000,
            "label": {
                "en": "What will you do?",
                "fr": "Qu'allez-vous faire ?",
                "es": "¿Qué van a hacer?",
                "ar": "ماذا ستفعلن؟",
                "sw": "Mtafanya nini?",
                "pt": "O que vão fazer?",
            },
            "help": {
                "en": "Name the main activities, for example dialogue circles, training, support for "
                      "survivors or radio programmes.",
                "fr": "Citez les principales activités, par exemple des cercles de dialogue, des formations, "
                      "l'accompagnement de survivantes ou des émissions de radio.",
                "es": "Nombra las actividades principales, por ejemplo círculos de diálogo, talleres, "
                      "acompañamiento a sobrevivientes o programas de radio.",
                "ar": "اذكري الأنشطة الرئيسية، مثل حلقات الحوار أو التدريب أو مرافقة الناجيات أو البرامج الإذاعية.",
                "sw": "Tajeni shughuli kuu, kwa mfano mikutano ya mazungumzo, mafunzo, kuwasaidia manusura "
                      "au vipindi vya redio.",
                "pt": "Indique as principais atividades, por exemplo círculos de diálogo, formações, apoio "
                      "a sobreviventes ou programas de rádio.",
            },
        },
        PEOPLE_QUESTION,
        CHANGE_QUESTION,
        {
            "key": "timeline",
            "max_chars": 400,
            "label": {
                "en": "When will you do this work?",
                "fr": "Quand ferez-vous ce travail ?",
                "es": "¿Cuándo harán este trabajo?",
                "ar": "متى ستقمن بهذا العمل؟",
                "sw": "Mtafanya kazi hii lini?",
                "pt": "Quando vão realizar este trabalho?",
            },
            "help": {
                "en": "Give the month you will start and how long it will take (12 months at most).",
                "fr": "Indiquez le mois de démarrage et la durée (12 mois au plus).",
                "es": "Indica el mes de inicio y la duración (12 meses como máximo).",
                "ar": "اذكري شهر البدء والمدة (12 شهراً كحد أقصى).",
                "sw": "Tajeni mwezi wa kuanza na muda wa kazi (hadi miezi 12).",
                "pt": "Indique o mês de início e a duração (no máximo 12 meses).",
            },
        },
        {
            "key": "experience",
            "max_chars": 800,
            "label": {
                "en": "What has your group done so far?",
                "fr": "Qu'a déjà fait votre groupe ?",
                "es": "¿Qué ha hecho tu grupo hasta ahora?",
                "ar": "ما الذي قامت به مجموعتكِ حتى الآن؟",
                "sw": "Kikundi chenu kimefanya nini hadi sasa?",
                "pt": "O que o seu grupo já fez até agora?",
            },
            "help": {
                "en": "Tell us about work you have already done, even without funding. Volunteer work counts.",
                "fr": "Parlez-nous du travail déjà réalisé, même sans financement. Le bénévolat compte aussi.",
                "es": "Cuéntanos el trabajo que ya han hecho, aunque haya sido sin financiación. "
                      "El trabajo voluntario también cuenta.",
                "ar": "أخبرينا عن العمل الذي أنجزته مجموعتكِ، حتى لو كان من دون تمويل. العمل التطوعي يُحتسب أيضاً.",
                "sw": "Tuelezeni kazi mliyokwisha kuifanya, hata bila ufadhili. Kazi ya kujitolea pia inahesabika.",
                "pt": "Conte-nos o trabalho que já realizaram, mesmo sem financiamento. "
                      "O trabalho voluntário também conta.",
            },
        },
    ],
}

CONSORTIUM = {
    "key": "consortium",
    "min_amount_minor": 2_000_000,
    "max_amount_minor": 10_000_000,
    "max_questions": 8,
    "decision_hours": 45 * 24,
    "required_documents": [BUDGET_DOCUMENT, AGREEMENT_DOCUMENT],
    "consortium_min_members": 2,
    "consortium_max_members": 5,
    "consortium_lead_women_led": True,
    "title": {
        "en": "Consortium grant",
        "fr": "Subvention de consortium",
        "es": "Subvención para consorcios",
        "ar": "منحة الائتلافات",
        "sw": "Ruzuku ya muungano",
        "pt": "Subsídio para consórcios",
    },
    "description": {
        "en": "USD 20,000 to 100,000 for two to five organisations working together, led by a local "
              "organisation led by women. The budget is shared between the members and each member "
              "receives its share directly. Eight questions, a budget and a letter of agreement. We "
              "decide within 45 days.",
        "fr": "De 20 000 à 100 000 USD pour deux à cinq organisations qui travaillent ensemble, sous la "
              "conduite d'une organisation locale dirigée par des femmes. Le budget est réparti entre les "
              "membres et chacun reçoit sa part directement. Huit questions, un budget et une lettre "
              "d'accord. Nous décidons en 45 jours.",
        "es": "De 20.000 a 100.000 USD para entre dos y cinco organizaciones que trabajan juntas, "
              "encabezadas por una organización local dirigida por mujeres. El presupuesto se reparte "
              "entre las organizaciones y cada una recibe su parte directamente. Ocho preguntas, un "
              "presupuesto y una carta de acuerdo. Decidimos en 45 días.",
        "ar": "من 20,000 إلى 100,000 دولار أمريكي لائتلاف من منظمتين إلى خمس منظمات تعمل معاً بقيادة "
              "منظمة محلية تقودها نساء. تُقسَّم الميزانية بين الأعضاء، وتتلقى كل منظمة حصتها مباشرةً. "
              "ثمانية أسئلة وميزانية ورسالة اتفاق. نتخذ القرار خلال 45 يوماً.",
        "sw": "Dola 20,000 hadi 100,000 za Kimarekani kwa mashirika mawili hadi matano yanayofanya kazi "
              "pamoja, chini ya uongozi wa shirika la mahali hapo linaloongozwa na wanawake. Bajeti "
              "inagawanywa kati ya wanachama, na kila mwanachama anapokea sehemu yake moja kwa moja. "
              "Maswali manane, bajeti na barua ya makubaliano. Tunatoa uamuzi ndani ya siku 45.",
        "pt": "De 20.000 a 100.000 USD para duas a cinco organizações que trabalham em conjunto, "
              "lideradas por uma organização local dirigida por mulheres. O orçamento é dividido entre os "
              "membros e cada um recebe a sua parte diretamente. Oito perguntas, um orçamento e uma carta "
              "de acordo. Decidimos em até 45 dias.",
    },
    "rules": [
        {
            "field": "women_led",
            "operator": "eq",
            "value": ["yes"],
            "explanation": {
                "en": "A consortium is led by a local organisation led by women, so that decisions and "
                      "money stay with women peacebuilders. If your organisation is not led by women, it "
                      "is still welcome as a member: ask a women-led partner to lead the application and "
                      "invite you.",
                "fr": "Un consortium est mené par une organisation locale dirigée par des femmes, afin que "
                      "les décisions et l'argent restent entre les mains des bâtisseuses de paix. Si votre "
                      "organisation n'est pas dirigée par des femmes, elle reste la bienvenue comme membre : "
                      "demandez à une organisation partenaire dirigée par des femmes de mener la demande "
                      "et de vous inviter.",
                "es": "Un consorcio está encabezado por una organización local dirigida por mujeres, para "
                      "que las decisiones y el dinero queden en manos de las constructoras de paz. Si tu "
                      "organización no está dirigida por mujeres, igual es bienvenida como integrante: pide "
                      "a una organización aliada dirigida por mujeres que encabece la solicitud y las invite.",
                "ar": "يقود الائتلافَ منظمةٌ محلية تقودها نساء، لكي تبقى القرارات والأموال بين أيدي النساء "
                      "بانيات السلام. إذا لم تكن منظمتكِ بقيادة نسائية، فهي مرحَّب بها كعضو: اطلبي من منظمة "
                      "شريكة تقودها نساء أن تقود الطلب وأن تدعوكم إلى الانضمام.",
                "sw": "Muungano unaongozwa na shirika la mahali hapo linaloongozwa na wanawake, ili maamuzi "
                      "na pesa zibaki mikononi mwa wanawake wajenzi wa amani. Ikiwa shirika lenu "
                      "haliongozwi na wanawake, bado linakaribishwa kama mwanachama: ombeni mshirika "
                      "anayeongozwa na wanawake aongoze maombi na awaalike.",
                "pt": "Um consórcio é liderado por uma organização local dirigida por mulheres, para que as "
                      "decisões e o dinheiro fiquem nas mãos das construtoras da paz. Se a sua organização "
                      "não é dirigida por mulheres, é igualmente bem-vinda como membro: peça a uma "
                      "organização parceira dirigida por mulheres que lidere a candidatura e faça o convite.",
            },
        },
        {
            "field": "purpose",
            "operator": "in",
            "value": ["joint_work"],
            "explanation": {
                "en": "Consortium grants are for organisations that want to work together. If you plan to "
                      "work on your own, the seed grant may suit you better; if your need is urgent, the "
                      "emergency grant is the fastest.",
                "fr": "Les subventions de consortium s'adressent aux organisations qui veulent travailler "
                      "ensemble. Si vous prévoyez de travailler seules, la subvention de démarrage vous "
                      "conviendra peut-être mieux ; si votre besoin est urgent, la subvention d'urgence est "
                      "la plus rapide.",
                "es": "Las subvenciones para consorcios son para organizaciones que quieren trabajar "
                      "juntas. Si piensas trabajar por tu cuenta, la subvención semilla puede ajustarse "
                      "mejor; si tu necesidad es urgente, la subvención de emergencia es la más rápida.",
                "ar": "منح الائتلافات مخصّصة للمنظمات التي تريد العمل معاً. إذا كنتِ تخططين للعمل بمفردكِ، "
                      "فقد تناسبكِ المنحة التأسيسية أكثر، وإذا كانت حاجتكِ عاجلة، فالمنحة الطارئة هي الأسرع.",
                "sw": "Ruzuku za muungano ni kwa mashirika yanayotaka kufanya kazi pamoja. Ikiwa mnapanga "
                      "kufanya kazi peke yenu, ruzuku ya mbegu huenda ikawafaa zaidi; ikiwa hitaji lenu ni "
                      "la dharura, ruzuku ya dharura ndiyo ya haraka zaidi.",
                "pt": "Os subsídios para consórcios são para organizações que querem trabalhar em conjunto. "
                      "Se pretende trabalhar sozinha, o subsídio inicial pode ser mais adequado; se a "
                      "necessidade é urgente, o subsídio de emergência é o mais rápido.",
            },
        },
    ],
    "questions": [
        {
            "key": "situation",
            "max_chars": 1000,
            "label": {
                "en": "What problem will you work on together?",
                "fr": "Sur quel problème allez-vous travailler ensemble ?",
                "es": "¿Qué problema van a atender juntas?",
                "ar": "ما المشكلة التي ستعملن عليها معاً؟",
                "sw": "Ni tatizo gani mtakalolishughulikia pamoja?",
                "pt": "Que problema vão enfrentar em conjunto?",
            },
            "help": {
                "en": "Describe in a few sentences the situation in the places where you work.",
                "fr": "Décrivez en quelques phrases la situation dans les lieux où vous travaillez.",
                "es": "Describe en pocas frases la situación en los lugares donde trabajan.",
                "ar": "صِفي في بضع جمل الوضع في الأماكن التي تعملن فيها.",
                "sw": "Elezeni kwa sentensi chache hali ilivyo katika maeneo mnayofanyia kazi.",
                "pt": "Descreva em poucas frases a situação nos lugares onde trabalham.",
            },
        },
        {
            "key": "members",
            "max_chars": 1000,
            "label": {
                "en": "Who are the members, and what will each one do?",
                "fr": "Qui sont les membres, et que fera chacun ?",
                "es": "¿Qué organizaciones forman el consorcio y qué hará cada una?",
                "ar": "ما المنظمات الأعضاء، وماذا ستفعل كل منها؟",
                "sw": "Wanachama ni akina nani, na kila mmoja atafanya nini?",
                "pt": "Quem são os membros e o que fará cada um?",
            },
            "help": {
                "en": "For each member: its name, where it works and its part in the joint work.",
                "fr": "Pour chaque membre : son nom, où il travaille et son rôle dans le travail commun.",
                "es": "Para cada organización: su nombre, dónde trabaja y su papel en el trabajo conjunto.",
                "ar": "لكل عضو: اسمه، ومكان عمله، ودوره في العمل المشترك.",
                "sw": "Kwa kila mwanachama: jina lake, anakofanyia kazi na nafasi yake katika kazi ya pamoja.",
                "pt": "Para cada membro: o nome, onde trabalha e o seu papel no trabalho conjunto.",
            },
        },
        {
            "key": "activities",
            "max_chars": 1000,
            "label": {
                "en": "What will you do together?",
                "fr": "Qu'allez-vous faire ensemble ?",
                "es": "¿Qué van a hacer juntas?",
                "ar": "ماذا ستفعلن معاً؟",
                "sw": "Mtafanya nini pamoja?",
                "pt": "O que vão fazer em conjunto?",
            },
            "help": {
                "en": "Name the main activities and which member leads each one.",
                "fr": "Citez les principales activités et le membre qui mène chacune d'elles.",
                "es": "Nombra las actividades principales y qué organización encabeza cada una.",
                "ar": "اذكري الأنشطة الرئيسية والعضو الذي يقود كل نشاط.",
                "sw": "Tajeni shughuli kuu na mwanachama atakayeongoza kila moja.",
                "pt": "Indique as principais atividades e qual membro lidera cada uma.",
            },
        },
        PEOPLE_QUESTION,
        {
            "key": "decisions",
            "max_chars": 800,
            "label": {
                "en": "How will you take decisions and share the money?",
                "fr": "Comment prendrez-vous les décisions et partagerez-vous l'argent ?",
                "es": "¿Cómo tomarán las decisiones y repartirán el dinero?",
                "ar": "كيف ستتخذن القرارات وتتقاسمن المال؟",
                "sw": "Mtafanyaje maamuzi na kugawana pesa?",
                "pt": "Como vão tomar decisões e dividir o dinheiro?",
            },
            "help": {
                "en": "Explain how the members agree and how the budget is divided between you. "
                      "Your letter of agreement says the same.",
                "fr": "Expliquez comment les membres se mettent d'accord et comment le budget est réparti "
                      "entre vous. Votre lettre d'accord dit la même chose.",
                "es": "Explica cómo se ponen de acuerdo las organizaciones y cómo se reparte el presupuesto "
                      "entre ustedes. La carta de acuerdo dice lo mismo.",
                "ar": "اشرحي كيف تتفق المنظمات الأعضاء وكيف تُقسَّم الميزانية بينكن. رسالة الاتفاق تنص على الأمر نفسه.",
                "sw": "Elezeni jinsi wanachama wanavyokubaliana na jinsi bajeti inavyogawanywa kati yenu. "
                      "Barua yenu ya makubaliano inasema vivyo hivyo.",
                "pt": "Explique como os membros chegam a um acordo e como o orçamento é dividido entre "
                      "vocês. A carta de acordo diz o mesmo.",
            },
        },
        {
            "key": "safety",
            "max_chars": 800,
            "label": {
                "en": "How will you keep the women you work with safe?",
                "fr": "Comment allez-vous protéger les femmes avec qui vous travaillez ?",
                "es": "¿Cómo van a proteger a las mujeres con las que trabajan?",
                "ar": "كيف ستحافظن على سلامة النساء اللواتي تعملن معهن؟",
                "sw": "Mtawalindaje wanawake mnaofanya nao kazi?",
                "pt": "Como vão proteger as mulheres com quem trabalham?",
            },
            "help": {
                "en": "Tell us how you protect participants and their information. If you are not sure, "
                      "say so: we can help.",
                "fr": "Dites-nous comment vous protégez les participantes et leurs informations. Si vous "
                      "avez des doutes, dites-le : nous pouvons vous aider.",
                "es": "Cuéntanos cómo protegen a las participantes y su información. Si tienen dudas, "
                      "dilo: podemos ayudar.",
                "ar": "أخبرينا كيف تحمين المشاركات ومعلوماتهن. إذا لم تكوني متأكدة، فقولي ذلك: يمكننا المساعدة.",
                "sw": "Tuelezeni jinsi mnavyowalinda washiriki na taarifa zao. Ikiwa hamna uhakika, "
                      "semeni hivyo: tunaweza kusaidia.",
                "pt": "Conte-nos como protegem as participantes e as informações delas. Se tiverem dúvidas, "
                      "digam: podemos ajudar.",
            },
        },
        CHANGE_QUESTION,
        {
            "key": "timeline",
            "max_chars": 400,
            "label": {
                "en": "When will you do this work?",
                "fr": "Quand ferez-vous ce travail ?",
                "es": "¿Cuándo harán este trabajo?",
                "ar": "متى ستقمن بهذا العمل؟",
                "sw": "Mtafanya kazi hii lini?",
                "pt": "Quando vão realizar este trabalho?",
            },
            "help": {
                "en": "Give the month you will start and how long it will take (24 months at most).",
                "fr": "Indiquez le mois de démarrage et la durée (24 mois au plus).",
                "es": "Indica el mes de inicio y la duración (24 meses como máximo).",
                "ar": "اذكري شهر البدء والمدة (24 شهراً كحد أقصى).",
                "sw": "Tajeni mwezi wa kuanza na muda wa kazi (hadi miezi 24).",
                "pt": "Indique o mês de início e a duração (no máximo 24 meses).",
            },
        },
    ],
}

TIERS = [EMERGENCY, SEED, CONSORTIUM]

#: Staff and donor accounts; `label` is the English role name printed by `flask load-demo`.
STAFF = [
    {"email": "fm@mizani.demo", "name": "Leila Mansour", "roles": ["fund_manager"], "locale": "en",
     "label": "Fund manager"},
    {"email": "finance@mizani.demo", "name": "Claire Mukamana", "roles": ["finance_officer"],
     "locale": "fr", "label": "Finance officer"},
    {"email": "finance2@mizani.demo", "name": "Wanjiru Kamau", "roles": ["finance_officer"],
     "locale": "sw", "label": "Finance (second)"},
    {"email": "reviewer@mizani.demo", "name": "Samira Khaled", "roles": ["reviewer"], "locale": "ar",
     "label": "Reviewer"},
    {"email": "admin@mizani.demo", "name": "Ana Lima", "roles": ["admin"], "locale": "pt",
     "label": "Admin"},
    {"email": "donor@mizani.demo", "name": "Ingrid Berg", "roles": ["donor"], "locale": "en",
     "label": "Donor"},
]

#: Local organisations, each with one applicant; `label` marks the ones printed as demo logins.
ORGANISATIONS = {
    "amani": {
        "name": "Umoja wa Wanawake wa Amani Goma", "kind": "women_group", "registered": False,
        "country": "CD", "women_led": True, "languages": ["sw", "fr"],
        "user": {"email": "amani@mizani.demo", "name": "Mama Furaha", "locale": "sw"},
        "label": "Applicant (sw)",
    },
    "saida": {
        "name": "جمعية نساء من أجل السلام – صيدا", "kind": "women_group", "registered": True,
        "country": "LB", "women_led": True, "languages": ["ar", "fr", "en"],
        "user": {"email": "nour@mizani.demo", "name": "نور", "locale": "ar"},
        "label": "Applicant (ar)",
    },
    "cauca": {
        "name": "Red de Mujeres Tejedoras de Paz del Cauca", "kind": "network", "registered": True,
        "country": "CO", "women_led": True, "languages": ["es"],
        "user": {"email": "lucia@mizani.demo", "name": "Lucía", "locale": "es"},
        "label": "Applicant (es)",
    },
    "rubavu": {
        "name": "Coopérative Abishyize Hamwe de Rubavu", "kind": "women_group", "registered": True,
        "country": "RW", "women_led": True, "languages": ["rw", "fr", "en", "sw"],
        "user": {"email": "uwase@mizani.demo", "name": "Uwase", "locale": "fr"},
    },
    "jos": {
        "name": "Jos Women's Peace Initiative", "kind": "ngo", "registered": True,
        "country": "NG", "women_led": True, "languages": ["en", "ha"],
        "user": {"email": "hauwa@mizani.demo", "name": "Hauwa", "locale": "en"},
    },
    "circle": {
        "name": "Afghan Women's Learning Circle", "kind": "women_group", "registered": False,
        "country": "AF", "women_led": True, "languages": ["fa", "ps", "en"],
        "user": {"email": "parwana@mizani.demo", "name": "Parwana", "locale": "en"},
    },
    "cabo": {
        "name": "Associação Mulheres de Cabo Delgado pela Paz", "kind": "women_group",
        "registered": False, "country": "MZ", "women_led": True, "languages": ["pt", "sw"],
        "user": {"email": "graca@mizani.demo", "name": "Graça", "locale": "pt"},
    },
}

#: Applications; `started` is hours ago, `history` lists (state machine action, hours ago) in order.
#: Consortium `members` name an organisation above (accepted) or only an email (still invited).
APPLICATIONS = [
    {
        # Still undecided after 100 hours: the overdue emergency at the top of the queue.
        "organisation": "amani", "tier": "emergency", "written_language": "sw",
        "requested_minor": 450_000, "started": 103, "history": [("submit", 100), ("start_review", 80)],
        "eligibility_answers": {"group_kind": "women_group", "registered": "no", "women_led": "yes",
                                "country": "CD", "budget_band": "under_10k", "purpose": "emergency"},
        "answers": {
            "situation": "Tangu wiki iliyopita mapigano yamekaribia kambi ya Bulengo. Wanawake wanne wa "
                         "kikundi chetu wanaotetea haki za wanawake wametishiwa kwa simu na mlangoni kwa "
                         "nyumba zao.",
            "people": "Wanawake wanne watetezi na watoto wao kumi na mmoja. Pia wanawake wapatao 60 "
                      "wanaohudhuria vikao vyetu vya kusikilizana wanahitaji mahali salama pa kukutana.",
            "activities": "Kuhamisha familia nne kwenda mahali salama kwa miezi mitatu (kodi na usafiri), "
                          "chakula cha mwanzo, dawa, na salio la simu ili tuendelee kuwasiliana.",
            "timeline": "Tunahitaji pesa ndani ya siku tano. Familia mbili tayari zinalala kwa majirani.",
        },
    },
    {
        "organisation": "saida", "tier": "emergency", "written_language": "ar",
        "requested_minor": 600_000, "started": 22, "history": [("submit", 20)],
        "eligibility_answers": {"group_kind": "women_group", "registered": "yes", "women_led": "yes",
                                "country": "LB", "budget_band": "10k_50k", "purpose": "emergency"},
        "answers": {
            "situation": "بعد الغارات الأخيرة على قرى الجنوب، نزحت عشرات العائلات إلى صيدا. يستقبل مركزنا "
                         "النساء والفتيات، لكن المكان مكتظ وتنقصه المستلزمات الأساسية.",
            "people": "نحو 120 امرأة وفتاة نازحة، بينهن نساء حوامل وأكثر من 30 فتاة دون الثامنة عشرة.",
            "activities": "شراء فرش وأغطية ومستلزمات نظافة نسائية، وتأمين جلسات دعم نفسي مع اختصاصية، "
                          "وتغطية كلفة النقل إلى المستوصف.",
            "timeline": "نحتاج إلى المبلغ خلال أسبوع، قبل أن يشتد البرد.",
        },
    },
    {
        "organisation": "cauca", "tier": "seed", "written_language": "es",
        "requested_minor": 1_200_000, "started": 260, "history": [("submit", 216), ("start_review", 170)],
        "eligibility_answers": {"group_kind": "network", "registered": "yes", "women_led": "yes",
                                "country": "CO", "budget_band": "10k_50k", "purpose": "project"},
        "answers": {
            "situation": "En las veredas del norte del Cauca ha aumentado el reclutamiento de jóvenes por "
                         "grupos armados. Las madres tienen miedo de hablar y no hay espacios seguros "
                         "para las muchachas.",
            "activities": "Círculos de palabra mensuales en cinco veredas, una escuela de liderazgo para 25 "
                          "jóvenes mujeres y un programa de radio comunitaria sobre la prevención del "
                          "reclutamiento.",
            "people": "Unas 150 mujeres y 25 jóvenes de cinco veredas de Toribío y Caldono, muchas de "
                      "ellas indígenas nasa.",
            "change": "Que las jóvenes tengan un lugar seguro y redes de apoyo, y que las familias sepan a "
                      "quién acudir cuando hay amenazas de reclutamiento.",
            "timeline": "De marzo a diciembre de 2026 (10 meses).",
            "experience": "Desde 2019 acompañamos a mujeres víctimas del conflicto y organizamos encuentros "
                          "de sanación, casi siempre con trabajo voluntario.",
        },
    },
    {
        "organisation": "jos", "tier": "seed", "written_language": "en",
        "requested_minor": 900_000, "started": 30, "history": [],
        "eligibility_answers": {"group_kind": "ngo", "registered": "yes", "women_led": "yes",
                                "country": "NG", "budget_band": "10k_50k", "purpose": "project"},
        "answers": {
            "situation": "In Jos North, clashes between neighbouring communities flare up around market "
                         "days. Women traders from both sides have started meeting quietly, but they have "
                         "no safe place to meet and no support.",
            "activities": "Monthly dialogue meetings for women traders from both communities, training "
                          "for ten women as mediators, and a small early-warning phone tree.",
            "people": "About 80 women traders and their families in three neighbourhoods of Jos North.",
        },
    },
    {
        # Written in Dari: only a reviewer who reads Persian should get it.
        "organisation": "circle", "tier": "seed", "written_language": "fa",
        "requested_minor": 800_000, "started": 120, "history": [("submit", 48)],
        "eligibility_answers": {"group_kind": "women_group", "registered": "no", "women_led": "yes",
                                "country": "AF", "budget_band": "under_10k", "purpose": "project"},
        "answers": {
            "situation": "از زمانی که مکتب‌ها به روی دختران بسته شده، دختران ما در خانه مانده‌اند و امید "
                         "خود را از دست می‌دهند. بسیاری از آن‌ها در خطر ازدواج اجباری قرار دارند.",
            "activities": "برگزاری صنف‌های آنلاین خواندن و نوشتن، ریاضی و مهارت‌های زندگی برای دختران، "
                          "و جلسات گفت‌وگو با مادران.",
            "people": "حدود ۶۰ دختر ۱۲ تا ۱۸ ساله و ۲۰ مادر در دو ولایت.",
            "change": "دختران به آموزش ادامه می‌دهند، اعتماد به نفس پیدا می‌کنند و مادران برای جلوگیری از "
                      "ازدواج زودهنگام با هم همکاری می‌کنند.",
            "timeline": "از حمل تا جدی ۱۴۰۵ (ده ماه).",
            "experience": "از سال ۲۰۲۲ تا کنون، معلمان داوطلب ما بدون هیچ بودجه‌ای به بیش از ۱۰۰ دختر درس داده‌اند.",
        },
    },
    {
        "organisation": "cabo", "tier": "emergency", "written_language": "pt",
        "requested_minor": 300_000, "started": 150, "history": [("submit", 146), ("withdraw", 120)],
        "eligibility_answers": {"group_kind": "women_group", "registered": "no", "women_led": "yes",
                                "country": "MZ", "budget_band": "under_10k", "purpose": "emergency"},
        "answers": {
            "situation": "Depois de um novo ataque perto de Macomia, várias mulheres do nosso grupo fugiram "
                         "com os filhos para Pemba e estão sem abrigo.",
            "people": "Doze mulheres e cerca de trinta crianças.",
            "activities": "Lonas e esteiras, comida para duas semanas e transporte até ao centro de acolhimento.",
            "timeline": "Precisamos do dinheiro nos próximos dias.",
        },
    },
    {
        # A cross-border consortium still being put together: one member has accepted, one has not.
        "organisation": "rubavu", "tier": "consortium", "written_language": "fr",
        "requested_minor": 6_000_000, "started": 200, "history": [],
        "eligibility_answers": {"group_kind": "women_group", "registered": "yes", "women_led": "yes",
                                "country": "RW", "budget_band": "10k_50k", "purpose": "joint_work"},
        "answers": {
            "situation": "À la frontière entre Rubavu et Goma, les femmes qui la traversent chaque jour "
                         "pour le petit commerce subissent du harcèlement, des violences et la méfiance "
                         "entre communautés.",
            "members": "Abishyize Hamwe (Rubavu, Rwanda) coordonne et anime les dialogues côté rwandais ; "
                       "Umoja wa Wanawake wa Amani (Goma, RDC) accompagne les survivantes côté congolais ; "
                       "Femmes Solidaires de Bukavu formera des médiatrices.",
            "activities": "Des dialogues transfrontaliers entre commerçantes, un réseau de médiatrices des "
                          "deux côtés de la frontière et l'accompagnement des survivantes de violences.",
            "decisions": "Un comité de pilotage réunit chaque mois deux femmes par organisation ; les "
                         "décisions sont prises par consensus. Le budget est partagé selon les activités "
                         "de chaque membre.",
        },
        "members": [
            {"organisation": "rubavu", "share_minor": 2_800_000, "invited": 200, "responded": 200},
            {"organisation": "amani", "share_minor": 1_800_000, "invited": 190, "responded": 150},
            {"invited_name": "Femmes Solidaires de Bukavu", "invited_email": "bukavu@mizani.demo",
             "share_minor": 1_400_000, "invited": 140},
        ],
    },
]
