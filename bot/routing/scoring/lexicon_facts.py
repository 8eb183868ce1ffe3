"""Word lists for specificity, volunteered information and sentiment (see `lexicon.py`)."""

from __future__ import annotations

import re

CURRENCY = r"(?:aed|sar|usd|qar|kwd|omr|bhd|dhs?|dirhams?|riyals?|rials?|\$|k|ريال|درهم|دولار|الف|آلاف|الاف|ألف|alf|aalaf)"
NUMBER = r"\d+(?:[.,]\d+)*"
MONEY = re.compile(rf"(?<![\w]){CURRENCY}\s?{NUMBER}(?!\w)|(?<![\w]){NUMBER}\s?{CURRENCY}(?!\w)")
BARE_NUMBER = re.compile(rf"(?<![\w:.,]){NUMBER}(?![\w:])")
TIME = re.compile(
    r"(?<![\w'])\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|a\.m|p\.m|ص|م|صباحا|مساء|الصبح|العصر|بالليل)(?!\w)"
    r"|(?:at|الساعه|ساعه|sa3a|sa3ah|el sa3a)\s?(?:[01]?\d|2[0-3])(?:[:.]\d{2})?(?!\w)"
    r"|(?<!\w)\d{1,2}:\d{2}(?!\w)"
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WEBSITE = re.compile(r"(?:https?://|www\.)\S+|(?<![@\w.-])[\w-]+\.(?:com|ae|sa|net|org|co|io|qa|om|kw|bh|store|shop)\b")
PHONE = re.compile(r"(?:\+|00)\d[\d\s-]{7,}\d|(?<!\d)05\d[\d\s-]{6,}\d")

BUDGET = ("budget", "ميزانيه", "الميزانيه", "mizaniya", "mezaniya", "maizaniya", "budgit")
DATES = (
    "deadline", "by the end of", "end of the month", "end of month", "next month", "this month",
    "launch", "go live", "before ramadan", "before eid", "q1", "q2", "q3", "q4", "weeks",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct",
    "nov", "dec",
    "الموعد النهائي", "نهايه الشهر", "اخر الشهر", "الشهر الجاي", "الشهر القادم", "قبل رمضان", "قبل العيد",
    "اطلاق", "تسليم", "يناير", "فبراير", "مارس", "ابريل", "مايو", "يونيو", "يوليو", "اغسطس", "سبتمبر",
    "اكتوبر", "نوفمبر", "ديسمبر", "اسبوعين", "اسابيع", "شهرين", "خلال",
    "deadline", "a5ir el shahar", "akhir el shahar", "el shahar el jai", "gabl ramadan", "8abl ramadan",
    "gabl el 3eed", "tasleem", "esbu3ain", "shahrain",
)  # fmt: skip
SCOPE = (
    "google ads", "search ads", "snapchat", "snap", "tiktok", "instagram", "meta ads", "linkedin",
    "campaign*", "seo", "keywords", "arabic seo", "landing page*", "website", "web site", "site",
    "ecommerce", "e-commerce", "shopify", "woocommerce", "online store", "pages", "bilingual",
    "arabic and english", "tender*", "rfp", "etimad", "pre-qualification", "prequalification",
    "vendor registration", "compliance", "branches", "products", "leads", "conversion*", "cpc", "roas",
    "content", "articles", "backlinks", "app", "booking",
    "اعلانات", "اعلان", "حمله", "حملات", "سناب", "سناب شات", "تيك توك", "انستقرام", "انستا", "قوقل", "جوجل",
    "محركات البحث", "سيو", "كلمات مفتاحيه", "موقع", "الموقع", "متجر", "متجر الكتروني", "صفحه هبوط", "صفحات",
    "مناقص*", "اعتماد", "منافس*", "تاهيل", "فروع", "فرع", "منتج*", "محتوى", "مقالات", "عربي وانجليزي", "تطبيق",
    "e3lanat", "i3lanat", "7amla", "7amlat", "snap", "tiktok", "insta", "google", "site", "mawqi3",
    "mawge3", "matjar", "mona8asa", "munaqasa", "mnagsa", "fro3", "far3", "muntajat", "m7tawa",
)  # fmt: skip
COMPANY = (
    "our company", "my company", "company", "llc", "est", "group", "trading", "we are a", "we're a",
    "we run", "our clinic", "our store", "our brand", "our restaurant", "our firm", "contracting",
    "شركتنا", "شركتي", "شركه", "مؤسسه", "مؤسستنا", "مجموعه", "ذ م م", "عندنا محل", "عندنا عياده", "مطعمنا",
    "متجرنا", "عيادتنا", "مصنع", "مقاولات", "للتجاره",
    "sharikatna", "sharikti", "sharika", "mo2asasa", "mu2asasa", "3indna ma7al", "3indna 3yada",
    "matjarna", "mat3amna",
)  # fmt: skip
ROLES = (
    "manager", "ceo", "founder", "co-founder", "cofounder", "owner", "director", "head", "gm",
    "procurement", "partner", "cmo", "coo",
    "مدير", "المدير", "مؤسس", "صاحب", "مالك", "رئيس", "مسؤول", "المسؤول", "شريك",
    "mudir", "mudeer", "sa7ib", "sahib", "ma2sool", "mas2ul", "msool", "sharik",
)  # fmt: skip
FIRST_PERSON = ("i", "i'm", "im", "am", "me", "here", "انا", "ana", "بصفتي", "as")

POSITIVE = (
    "great", "perfect", "thanks", "thank you", "excellent", "love", "awesome", "amazing", "sounds good",
    "good", "happy", "glad", "impressed", "nice", "appreciate", "wonderful", "cool",
    "مشكور", "شكرا", "ممتاز", "رائع", "حلو", "زين", "يعطيك العافيه", "ما قصرت", "ماقصرت", "جميل", "مبدع*",
    "الله يعافيك", "تسلم", "فديت*", "ابدعتوا", "مره حلو", "وايد زين", "عجبني",
    "mashkur", "mashkoor", "shukran", "shokran", "mumtaz", "momtaz", "7ilw", "7elw", "7lw", "zain", "zein", "zen",
    "ya3tik el 3afya", "ya3teek el3afya", "ma 8asart", "ma gasart", "tislam", "t7fa", "ra2e3",
    "😊", "🙏", "👍", "🔥", "❤", "❤️", "👌", "😍", "💯", "🤝", "👏",
)  # fmt: skip
NEGATIVE = (
    "bad", "disappointed", "not happy", "waste", "unfortunately", "annoyed", "frustrated", "terrible",
    "poor", "worst", "slow", "confusing", "sorry", "problem", "scam", "spam",
    "للاسف", "سيء", "سيئ", "زفت", "مو زين", "مب زين", "مزعج", "تاخير", "مشكله", "ضعيف", "ما عجبني", "خايس",
    "lil asaf", "lel asaf", "lilasaf", "sayi2", "mu zain", "mob zain", "mub zain", "mushkila", "5ayis",
    "😡", "😞", "👎", "😕", "🙄", "😒",
)  # fmt: skip
