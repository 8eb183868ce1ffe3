"""Words of rule 4 (No action needed vs a bare opener), folded like `lexicon`'s entries:
a message made only of `ACK` words is an acknowledgement, thanks or seasonal greeting; one made
only of `OPENER` words starts a chat; an `AUTO_REPLY` phrase anywhere marks an auto-reply.
Single words (no `*`); Arabic words also count with an attached و.
"""

from __future__ import annotations

ACK = (
    "الاستلام", "استلمنا", "استلمت", "تعاونكم", "جهودكم", "نشكركم", "نشكر", "الاستجابه", "سرعه", "متشكرين",
    "understood", "thing", "problem", "np", "check", "roger", "then", "job", "well", "ton", "love", "god", "bless",
    "haha", "hahaha", "lol", "hehe", "confirmed", "approved", "approve", "work", "هه", "ان", "شاء", "انشاء", "ابشر",
    "ابشروا", "حاضر", "خلاص", "ماشي", "اوكيه", "التمام", "يحفظكم", "يحفظك", "بالتوفيق", "منورين", "الحمدلله",
    "يبارك", "فيك", "فيكم", "اعتمدنا", "موافقين", "موافق", "اعتمد", "معتمد", "inshallah", "insha", "inshaallah",
    "abshir", "abshar", "7ader", "hader", "6ayyeb", "tayyeb", "tayeb", "6ayeb", "mashi", "tmam", "tslm", "fikom",
    "ya", "يا",
    "guys", "shabab", "شباب", "on", "me", "congrats", "مبروك", "worries", "no", "works", "that", "letting", "know",
    "news",
    "hope", "lovely", "blessed", "wonderful",
    "مع", "الشكر", "بالشكر", "shukr", "ma3", "wsal", "with", "received",
    "see", "sunday", "monday", "tomorrow", "congrats", "congratulations", "award", "نشوفكم", "الاحد", "بكره",
    "nshoofkom", "a7ad", "ahad", "مبروك", "الجايزه", "الجائزه", "mabrouk", "mabruk",
    "talk", "soon", "speak", "later", "نتكلم", "بعدين", "w", "و", "ok perfect", "catch", "up",
    "sa3eeda", "saeeda", "sa3ida",
    "al", "adha", "fitr", "اضحى", "الاضحى", "الفطر", "عليكم", "وعلى", "اهاليكم", "اهلكم", "families", "family",
    "lovely", "enjoy", "اجازه", "سعيده", "ejaza", "alla", "ysaadkom", "ys3dkom", "3eedkom", "eedkom", "aadha", "adha",
    "christmas", "of", "holidays", "greetings", "season's", "seasons", "weekend", "have", "wishing", "everyone",
    "بمناسبه", "عيدكم", "جمعه", "مباركه", "المجهود", "الجديد", "العام", "للجميع", "jumaa", "mubaraka", "yom", "el",
    "watani", "jazeelan", "جزيلا", "mashkoorin", "wsalat", "yaatikom", "ya3tikom", "asakom", "3asakom", "mn",
    "3wadah", "awadah", "عواده",
    "thanks", "thank", "you", "thx", "ty", "tq", "ok", "okay", "okk", "kk", "k", "noted", "got", "it", "great",
    "perfect", "received", "cool", "sure", "alright", "much", "so", "very", "appreciated", "appreciate", "cheers",
    "brilliant", "awesome", "nice", "done", "lovely", "will", "do", "all", "good", "sounds", "fine", "emo",
    "eid", "mubarak", "ramadan", "kareem", "karim", "happy", "new", "year", "merry", "national", "day", "wishes",
    "to", "and", "your", "team", "the", "a", "for", "everything", "help", "blessed", "best", "regards",
    "شكرا", "شكراً", "مشكور", "مشكورين", "تسلم", "تسلمون", "يعطيك", "يعطيكم", "العافيه", "العافية", "تمام", "اوكي",
    "طيب", "ممتاز", "وصل", "وصلت", "تم", "الله", "جزاك", "جزاكم", "خير", "خيرا", "عيد", "مبارك", "رمضان", "كريم",
    "كل", "عام", "وانتم", "بخير", "عساكم", "من", "عواده", "اليوم", "الوطني", "سنه", "سعيده", "جدا", "حبيبي",
    "ما", "قصرتوا", "قصرت", "يسلمو", "يسلموا", "زين", "اوك", "واياكم", "وياكم", "كثير", "لكم", "على", "الفريق",
    "shukran", "shokran", "mashkoor", "mashkour", "ya3tik", "yaatik", "el3afya", "elaafya", "alaafya", "tamam",
    "teslam", "taslam", "kul", "3am", "aam", "wintum", "b5air", "bkhair", "bekhair", "jazak", "allah", "khair",
    "ma", "gassarto", "qassarto", "yislamo", "zain", "habibi", "mabrook", "sa3eed", "saeed",
)


AUTO_REPLY = (
    "annual leave", "on leave", "limited access", "away from the office", "will respond as soon as",
    "will get back to you as soon", "اجازه سنويه", "لن اتمكن من الرد", "ساقوم بالرد", "سارد عليكم", "في اجازه",
    "خارج الدوام حاليا",
    "out of office", "out of the office", "automatic reply", "auto-reply", "autoreply", "auto reply",
    "i am away", "i'm away", "on leave until", "currently unavailable", "will reply when",
    "this is an automated", "رد آلي", "رد تلقائي", "خارج المكتب", "في إجازة حتى", "في اجازه حتى", "رسالة تلقائية",
)


OPENER = (
    "gm", "gn",
    "الله", "طاب", "مساوكم", "مساءكم", "صباحكم", "يومكم", "تحيه", "طيبه", "وبعد",
    "shabab", "شباب", "jama3a", "جماعه", "hiya", "heya", "hallo", "hola",
    "assalamualaikum", "asalamualaikum", "salamualaikum", "assalamoalaikom", "assalamualykum", "slm", "salamo",
    "salamu", "salams", "mar7ba", "mar7aba", "marhba", "marhaba", "marhaban", "sba7", "saba7",
    "sabah", "ghala", "w", "و", "3leikum", "3laikum", "3alaykum", "alaykom", "3alaikom", "masa2", "msa2", "masaa",
    "ahlen", "ahlain", "ahla", "hayakom", "7ayakom", "هلا", "وغلا", "حياكم", "يا هلا",
    "following", "follow", "up", "chasing", "checking", "in", "news", "update", "جديد", "اخبار", "اخباركم", "متابعه",
    "اهلين", "هلو", "هاي", "هلاو", "ahlain", "ahleen", "hala", "halla", "hallo", "hai", "yo", "heyy", "hiii", "hellooo",
    "again", "re", "i", "have", "a", "an", "question", "inquiry", "enquiry", "query", "استفسار", "سوال", "بسال", "ابي",
    "اسال", "estefsar", "esti3lam", "su2al", "sual", "so2al", "everyone", "everybody", "guys", "all", "hope",
    "you're", "youre", "you", "are", "well", "doing", "how",
    "can", "help", "me", "someone", "somebody", "question", "quick", "kheer", "khair", "kheir", "elkheer", "noor",
    "nour", "elnoor", "النور", "الحال", "كيف", "كيفكم", "شلونكم", "عساكم", "طيبين", "بخير", "حدا", "مساعده", "سؤال",
    "عندي", "اخوان", "شباب", "يا", "شو", "اخباركم", "ازيكم", "shlonkom", "kifkom", "keefkom", "3indi", "so2al",
    "والله", "wallah", "online", "around", "available", "anybody", "موجود",
    "hello", "hi", "hey", "hii", "helo", "anyone", "there", "is", "here", "any", "one", "someone", "good",
    "morning", "evening", "afternoon", "dear", "team", "sir", "madam", "please", "pls", "plz", "salam", "salaam",
    "alaikum", "alaykum", "aalaikum", "aleikum", "alaikom", "aalaykum", "assalamu", "asalamu", "assalam",
    "el", "marhaba", "marhaban", "mar7aba", "hala", "ahlan", "sabah", "elkhair", "alkhair", "el5air",
    "elkheir", "massa", "masa", "wala", "walla", "ya", "jama3a", "jamaa", "hal", "fi", "ahad", "a7ad",
    "السلام", "عليكم", "سلام", "مرحبا", "مرحبتين", "هلا", "اهلا", "صباح", "الخير", "مساء", "النور", "يا",
    "جماعه", "هل", "في", "احد", "أحد", "فيه", "موجود", "موجودين", "حد", "اخوي", "استاذ", "ممكن", "لو", "سمحت",
    "emo", "ورحمه", "وبركاته", "warahmatullah",
)
