"""Word lists for the lead signals, in English, Arabic (MSA and Gulf), and Arabizi.

Entries are folded like the text (`text.fold_word`): Arabic spelling variants (أ/ا, ة/ه,
ى/ي), attached prefixes (و ف ب ل ال) and Latin doubled letters and vowels (bokra = bukra)
need no separate entry. A word ending in `*` matches every word it starts. Mixed messages
need no list of their own: each word is matched where it belongs.
"""

from __future__ import annotations

NEGATIONS = (
    "no", "not", "don't", "dont", "never", "without", "isn't", "won't", "cannot", "can't",
    "ما", "مو", "مب", "مش", "لا", "ليس", "بدون", "mo", "mu", "ma", "mob", "mish", "msh", "la",
)  # fmt: skip
NOT_NEGATING = (  # "no problem, call me tomorrow", "لا بأس"
    "problem", "problems", "worries", "issue", "doubt", "wonder", "بأس", "مشكله", "مشاكل", "تشيل", "mushkila",
    "mshkla", "tsheel",
)  # fmt: skip

# --- calendar intent -------------------------------------------------------------------
MEET = (
    "meet", "meeting", "call", "call me", "a call", "visit", "come by", "come over", "drop by",
    "pass by", "zoom", "teams", "google meet", "appointment", "let's talk", "book a slot", "slot", "schedule",
    "sit down", "demo", "walkthrough", "face to face", "in person", "our office", "your office",
    "اجتماع", "نجتمع", "اجتمع", "نلتقي", "نتقابل", "اقابلك*", "نقابلك*", "لقاء", "نحدد موعد", "احجز موعد",
    "نحجز موعد", "ممكن موعد", "موعد اجتماع", "موعد مع", "زياره", "نزور*",
    "ازور*", "تزور*", "زورون*", "اتصل*", "تتصل*", "كلمني", "كلمنا", "تكلمني", "مكالمه", "اتصال", "نتكلم",
    "نتناقش", "مر علينا", "تمر علينا", "مكتبكم", "مكتبنا", "زووم", "تيمز",
    "meeting", "ntla8a", "nitla8a", "net8abal", "n7aded maw3ed", "maw3ed ma3", "mumkin maw3ed", "ziyara", "zyara", "kalemni",
    "kallimni", "etasel", "ittasil", "tetasel", "nitkalam", "ntkalam", "mur 3alaina", "tmr 3alaina",
    "mektabkum", "maktabkum",
)  # fmt: skip
DAYS = (
    "today", "tomorrow", "tmrw", "tmw", "tomoro", "2moro", "tonight", "sunday", "monday", "tuesday", "wednesday", "thursday",
    "saturday", "next week", "this week", "morning", "afternoon", "evening", "noon",
    "اليوم", "بكره", "باجر", "باكر", "بكرا", "الاحد", "الاثنين", "الاتنين", "الثلاثاء", "الاربعاء",
    "الخميس", "السبت", "الاسبوع الجاي", "الاسبوع القادم", "الصبح", "الصباح", "العصر", "المسا",
    "المساء", "الظهر", "بعد الظهر", "الليله",
    "bukra", "bokra", "bacher", "bachir", "baachir", "bakir", "el yom", "elyom", "alyom", "el youm",
    "a7ad", "el a7ad", "al a7ad", "l a7ad", "ithnain", "itnain", "thulatha", "tholatha", "arba3a",
    "arbe3a", "5amis", "5amees", "khamis", "el sabt", "sabt", "el esbu3 el jai", "esbu3 jai",
    "sob7", "el sob7", "3asr", "el 3asr", "masa", "el masa", "el dohor",
)  # fmt: skip
TIME_WORDS = ("am", "pm", "o'clock", "الساعه", "ساعه", "sa3a", "el sa3a", "saa3a", "ص", "م", "صباحا", "مساء")
CONFIRM = (
    "ok", "okay", "yes", "sure", "works", "works for me", "confirmed", "see you", "perfect", "deal",
    "fine", "great", "yes please", "send", "send it", "تمام", "اوكي", "اوك", "نعم", "ايوه", "اي", "مناسب", "يناسبني", "يناسبنا", "موافق",
    "اكيد", "ايه", "ايوا", "ارسل*", "ارسلو*", "نشوفكم", "اشوفكم", "tamam", "okay", "aywa", "ee", "ei", "aiwa", "akid", "akeed", "ynasibni", "ynasbni", "ersil*", "arsil*", "mnasib",
    "mwafij", "mwafe2", "👍", "👌",
)  # fmt: skip

# --- intent keywords --------------------------------------------------------------------
INTENT_STRONG = (
    "sign", "signed", "signing", "signature", "contract", "hire you", "engage you", "retainer", "invoice us", "send the invoice", "send invoice", "send me the invoice",
    "send us the invoice", "payment link", "i'll pay", "we'll pay", "pay now", "ready to pay", "paid", "deposit", "advance payment", "transfer*", "purchase order",
    "po", "proceed", "go ahead", "let's start", "lets start", "get started", "start", "onboard*",
    "book it", "let's do it", "lets do it", "sign up", "buy", "purchase", "ready to start",
    "engagement letter", "process payment", "process the payment", "renew", "renewal", "lock it in", "let's do this", "lets do this", "what do you need from me", "what do u need", "how do i pay",
    "next step", "next steps", "when can we begin", "when can you start", "ready to go", "book a call",
    "agreement", "transfer", "kick off", "kickoff", "approved", "we're in", "count us in", "ok go",
    "let's go", "lets go", "go for it",
    "عقد", "نوقع*", "اوقع*", "وقعنا*", "وقعته", "وقعتها", "وقعت", "توقيع", "موافق*", "ارسل الفاتوره", "ارسلوا الفاتوره", "فاتوره", "ادفع", "ندفع", "الدفع",
    "دفعه", "عربون", "تحويل", "حولت", "حولنا", "نبدا", "ابدا", "نبدي", "ابدي", "خلنا نبدا", "يلا نبدا", "نعتمد",
    "اعتمد*", "اتفقنا", "تم الاتفاق", "توكلنا على الله", "امر شراء", "نجدد*", "تجديد", "على بركه الله", "ما عندي مانع", "ما عندنا مانع", "احول*", "نحول*", "نمشي", "نشتري", "اشتري", "اشترك",
    "نشترك", "اتفاقيه", "الخطوه الجايه", "متى نبدا", "متى تبدون", "متى تبدؤون", "جاهزين", "نعتمد العرض",
    "ابدؤوا", "ابداوا", "ابدوا", "ابداو", "كمل", "كملوا",
    "3a2d", "3agd", "3aqd", "nwaqe3", "nwa83", "nwagi3", "fatoora", "fatura", "adfa3", "ndfa3",
    "nidfa3", "mwafij", "mwafe2", "mwafiq", "mwafqin", "wa22a3*", "w8a3na", "nebda", "nabda", "nibda", "abda", "yalla nebda", "5alna nebda", "khalna nebda",
    "ittafagna", "etfa8na", "jahzin", "jahzeen", "mata nebda", "mita nebda", "ibda2u", "ebdo", "kamil", "tawakalna", "nimshi", "nemshi", "7awalt", "7awalna", "7walt", "7walna", "3arboon", "njadid",
)  # fmt: skip
INTENT_MILD = (
    "quote", "quotation", "proposal", "price", "pricing", "interested", "want", "wanna", "need", "looking for",
    "how much", "package", "cost", "offer", "charge", "rates", "rate card", "fees",
    "ابي", "ابغى", "ابغي", "ابغا*", "نبي", "نبغى", "نبغي", "نبغا*", "ودي", "ودنا", "حاب", "حابين", "عرض سعر", "سعر", "اسعار",
    "بكم", "مهتم*", "محتاج*", "نحتاج", "نريد", "اريد", "باقه", "تكلفه", "عطني", "تاخذون", "رسوم", "نرغب",
    "ارغب",
    "abi", "abgha", "abga", "nabi", "nbi", "nabgha", "wedi", "widdi", "7ab", "7abin", "ba2dar",
    "bkam", "b kam", "as3ar", "si3r", "s3r", "3ard", "mihtaj", "m7taj", "n7taj", "ne7taj", "ba8a",
    "abghi", "nabghi", "ni7taj",
)  # fmt: skip

# --- objections: (entries, strength) per kind -------------------------------------------
OBJECTIONS: dict[str, tuple[tuple[str, ...], float]] = {
    "price": ((
        "too expensive", "expensive", "pricey", "over budget", "out of budget", "above our budget",
        "over our budget", "too much", "too high", "costly", "can't afford", "no budget",
        "don't have budget", "don't have the budget", "cheaper", "steep", "budget got cut", "budget cut",
        "budget was cut", "can't justify", "more than my whole", "more than our budget", "more than my budget",
        "غالي", "غاليه", "مكلف", "عالي", "فوق الميزانيه", "خارج الميزانيه", "ارخص", "ما عندنا ميزانيه",
        "الميزانيه ما تسمح", "ما تسمح", "كثير علينا", "كثير علي", "لا كثير", "ما يمدينا", "ما نقدر ندفع", "ma ymdina", "ma ymdeena",
        "ghali", "ghaly", "ghalia", "ghalya", "ghaliya", "mkalif", "mkalef", "ar5as", "arkhas",
        "ma 3indna budget", "ma 3edna budget",
    ), 0.5),
    "discount": (("discount", "خصم", "تخفيض", "5asm", "khasm", "takhfeed", "ta5fid"), 0.2),
    "timing": ((
        "next year", "next quarter", "not now", "later", "maybe later", "not the right time",
        "after ramadan", "after summer", "few months", "postpone", "hold off", "on hold",
        "not a priority", "not urgent", "no rush", "not at the moment", "not right now",
        "السنه الجايه", "السنه القادمه", "العام القادم", "مو الحين", "مب الحين", "مش الحين", "مو هالحين", "ليس الان", "بعدين", "بعد رمضان",
        "بعد الصيف", "متوقف*", "توقف*", "نأجل", "نأجلها", "تأجيل", "مو وقته", "بعد كم شهر", "مو مستعجلين",
        "mu al7in", "mu el7in", "mub al7in", "mub el7in", "mish al7in", "mu l7in", "ba3dain", "ba3din", "ba3d ramadan", "ba3d el saif", "sana jaya",
        "el sana el jaya", "n2ajel", "n2ajil", "tw8ef*", "mitw8ef*", "mu wagtah", "mu wagta", "mo mista3jil*",
    ), 0.45),
    "stall": ((
        "think about it", "let me think", "will think", "we'll think", "get back to you",
        "let you know", "we'll see", "let's see", "keep in touch", "be in touch", "circle back", "noted",
        "revert", "will revert",
        "افكر", "بفكر", "نفكر", "ارد عليك", "نرد عليك", "نرجع لك", "ارجع لك", "بشوف", "نشوف", "نتواصل",
        "afakir", "bafakir", "nfakir", "afakar", "nshuf", "bashuf", "ashuf", "arid 3alaik", "nrid 3alaik",
        "nrja3 lk", "arja3 lk", "arja3lk", "nrja3lk",
    ), 0.3),
    "authority": ((
        "ask my boss", "check with my boss", "my boss", "my manager", "management", "need approval",
        "get approval", "my partner", "ask the owner", "owner decides", "discuss internally", "run it by", "the board",
        "اشاور*", "نشاور*", "اسال المدير", "اكلم المدير", "ارجع للمدير", "موافقه المدير", "موافقه الاداره",
        "الاداره", "شريكي", "الشريك", "المالك", "صاحب الشركه",
        "ashawir", "ashawer", "nshawir", "nshawer", "el mudir", "el mudeer", "el idara", "shariki",
        "sa7ib el sharika",
    ), 0.4),
    "just_checking": ((
        "just checking", "just asking", "just wanted to know", "just curious", "just comparing",
        "only asking", "for reference", "collecting quotes", "getting quotes", "gathering prices",
        "just browsing", "rough idea", "ballpark", "comparing",
        "بس اسال", "بس استفسار", "مجرد استفسار", "استفسار بس", "اقارن", "نقارن", "بس ابي اعرف",
        "بس حبيت اعرف", "للاطلاع", "فكره عامه", "بس اسعار",
        "bs as2al", "bas as2al", "bs asal", "bas asal", "mjarad istifsar", "bas abi a3rf", "bs abi a3rf",
        "bs 7abit a3rf", "istifsar bs", "a8arin", "n8arin", "agarin", "ngarin",
    ), 0.45),
    "not_interested": ((
        "not interested", "no thanks", "no thank you", "not for us", "not for me", "no need", "nah", "not worth it", "doesn't make sense",
        "we'll pass", "cancel", "stop", "unsubscribe", "don't need", "no longer",
        "مو مهتم*", "مب مهتم*", "غير مهتم*", "لا شكرا", "ما نحتاج", "ما احتاج", "مو محتاج*", "الغوا", "الغي",
        "ما يحتاج", "مو مقتنع*", "خلاص لا",
        "mo mohtam", "mu muhtam", "mub muhtam", "la shukran", "la shokran", "ma n7taj", "ma a7taj",
        "mo m7taj", "mu mi7taj", "5alas la",
    ), 0.6),
    "competitor": ((
        "another agency", "other agency", "other agencies", "someone else", "another company",
        "cheaper offer", "other offers", "another offer", "already working with", "went with",
        "we have an agency", "in-house", "in house", "freelancer", "better offer", "current agency",
        "stay with", "stick with", "already have someone", "go with an agency", "go with another",
        "going with another", "decided to go with", "chose another", "picked another",
        "شركه ثانيه", "وكاله ثانيه", "شركه اخرى", "وكاله اخرى", "عرض ارخص", "عرض ثاني", "عرض افضل",
        "متعاملين مع", "عندنا وكاله", "الشركه الحاليه", "الوكاله الحاليه", "نكمل مع", "مستقل", "فريلانسر", "فريق داخلي",
        "agency thanya", "sharika thanya", "sharika thanya", "3ard ar5as", "3ard thani",
        "3indna agency", "3edna agency", "freelancer",
    ), 0.5),
}  # fmt: skip
OBJECTION_NAMES = {
    "price": "price", "discount": "discount", "timing": "timing", "stall": "timing (will think)",
    "authority": "authority", "just_checking": "just checking prices", "not_interested": "not interested", "competitor": "competitor",
}  # fmt: skip
