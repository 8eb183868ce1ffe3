"""Keyword lexicons for the labelling rules, in English, Arabic (MSA + Gulf), and Arabizi.

Entries are folded with `text.fold` before matching, so write them as people do (the
Arabizi digits, hamza and taa-marbuta variants fold away). A trailing `*` matches any word
ending ("cancel*" → cancelling, cancellation; "فاتور*" → فاتورتنا). Arabic entries also
match with the attached prefixes و ف ب ل ك ال.
"""

from __future__ import annotations

from bot.routing.categories.lexicon_replies import ACK, AUTO_REPLY, OPENER

__all__ = ["ACK", "ARABIC_SEO", "AUTO_REPLY", "BILLING", "BUG", "BUY", "CANCEL_MINOR", "CHURN", "CHURN_WEAK", "FEATURE",
           "NEW_SCOPE", "OPENER", "PAID_MEDIA", "PRODUCT", "RUNNING", "TENDER"]

CHURN = (
    "no renewal", "not renewing", "our last campaign", "last campaign with you", "last project with you",
    "ما في تجديد", "اخر حمله لنا",
    "قررنا نوقف", "qararna nwaqef", "نوقف بعد", "decided to stop", "stop after this term", "cancel the renewal",
    "الغوا التجديد", "cancel فاتوره ال renewal",
    "نمدد", "ما راح نمدد", "not extending", "won't extend", "will not extend", "our last one", "this is our last",
    "اخر وحده", "nmadded", "ma ra7 nmadded", "don't start new work", "لا تبدون اي شغل",
    "in-house", "inhouse", "داخليا", "نشغل التسويق داخليا", "اعتبروها اشعار", "treat this as our notice",
    "our notice", "as notice", "pause لل retainer", "pausing the retainer", "pause the retainer", "نوقف الباقه",
    "نجمد الباقه", "ننتقل لفريق", "بننتقل", "ننتقل لشركه", "moving to a new team", "our new agency", "bnentegel",
    "bnentaqel", "wella bnetla3", "bnetla3", "bntla3", "والا بنطلع", "وإلا بنطلع", "or we're out", "we're out",
    "we are out", "or else", "otherwise we",
    "نسكر حسابنا", "بنسكر", "نسكر الحساب", "نقفل حسابنا", "بنقفل الحساب", "نقفل الحساب", "nsakker", "bnsakker",
    "close our account", "closing our account", "closing the project with you", "close the account with you",
    "notice period", "مده الاشعار", "فتره الاشعار", "توقف ال services", "نوقف ال services", "وقف ال services",
    "cancel ال", "نلغي ال", "بنلغي ال", "ال contract",
    "not continue", "not to continue", "won't be continuing", "discontinu*", "business elsewhere",
    "go with someone else", "going with someone else", "ending the retainer", "end the retainer", "end our retainer",
    "in-house", "last month with you", "exit steps", "moving on", "take our business", "توقف الخدم*", "نوقف كل",
    "بنوقف كل", "ما نكمل", "ما بنكمل", "مانكمل", "ما راح نكمل", "لن نستمر", "آخر شهر معكم", "اخر شهر معكم",
    "نشتغل داخليا", "ننهي التعاقد", "نوقف التعاقد", "ma nkammel", "ma ra7 nkammel", "nhawel el hesab", "bnhawel",
    "a5er shahar",
    "end our agreement", "end the agreement", "ending our agreement", "ending the agreement", "ننهي الاتفاقيه",
    "cancel our*", "cancel the contract", "cancel the retainer", "cancel the subscription", "cancel my*",
    "cancel the service*", "cancel everything", "cancelling", "canceling", "cancellation", "we're cancel*",
    "terminate*", "termination", "not renew*", "won't renew*", "wont renew*", "will not renew*", "don't renew",
    "do not renew", "not be renewing", "not going to renew", "pause the contract", "pause our contract",
    "pause the retainer", "pause our retainer", "pause all", "pause everything", "pause the account",
    "pause our account", "pause the service*", "pause our service*", "put everything on hold", "on hold for now",
    
    "switch agenc*", "switching to another", "switching to a new", "switching to a different", "we are switching",
    "we're switching", "moving to another", "move our account*", "moving our account*",
    "move the account*", "transfer our account*", "hand over the account*", "end the contract", "end our contract",
    "ending the contract", "last chance", "last warning", "final warning", "or we leave", "or we will leave",
    "we will leave", "we'll leave", "looking elsewhere", "look elsewhere", "not worth", "stop working with",
    "stop the service*", "part ways", "close our account", "close the account", "exit the contract",
    "إلغاء العقد", "الغاء العقد", "نلغي", "ألغي الاشتراك", "الغي الاشتراك", "إلغاء الاشتراك", "إلغاء الخدم*",
    "ما راح نجدد", "ما بنجدد", "ما نبي نجدد", "ما نبغى نجدد", "لن نجدد", "لن يتم التجديد", "عدم التجديد", "مو مجددين",
    "نوقف التعامل", "وقف التعامل", "إيقاف التعامل", "نوقف العقد", "إيقاف العقد", "تجميد العقد", "نجمد",
    "وقف الخدم*", "إيقاف الخدم*", "نوقف الخدم*", 
    "ننقل الحساب", "نقل الحساب",
    "نحول الحساب", "ننهي العقد", "إنهاء العقد", "انهاء التعاقد", "فرصة أخيرة", "آخر فرصة", "اخر فرصه", "إنذار أخير",
    "بنطلع", "بننسحب", "نتعامل مع غيركم", "غيركم", "بندور غيركم", "ندور بديل",
    "ncancel", "n cancel", "bncancel", "cancel el 3a2d", "nelghi", "nlghi", "bnlghi", "bnelghi", "elgha2 el 3a2d",
    "ma ra7 njaded", "ma ra7 nejadded", "ma bnjaded", "mish 7njaded", "mo mjaddedin", "ma nabi njaded",
    "nwaqef el ta3amol", "nwa2ef el 3a2d", 
    "nan2ol el account", "nangol el account", "nenhi el 3a2d", "a5er fursa", "akher forsa",
    "ghairkom", "ghirkom", "3'erkom", "gherkom",
)

# Cancelling one meeting, post, order or booking is an operation (rule 1), not a leaving signal:
# with one of these the churn rule is not decisive and the model decides.
CANCEL_MINOR = (
    "cancel the meeting", "cancel our meeting", "cancel the call", "cancel our call", "cancel tomorrow's",
    "cancel today's", "cancel the post", "cancel that post", "cancel the ad", "cancel the order", "cancel my order",
    "cancel the booking", "cancel my booking", "cancel the appointment", "cancel my appointment", "cancel the shoot",
    "cancelled shoot", "cancelled workshop", "cancelled meeting", "cancelled order", "cancel the story",
    "cancel my meeting", "cancel the session",
    "نلغي الاجتماع", "الغوا الاجتماع", "الغاء الاجتماع", "نلغي الموعد", "الغوا الموعد", "الغاء الموعد", "نلغي المكالمه",
    "الغوا المكالمه", "الغوا البوست", "نلغي البوست", "الغوا المنشور", "الغاء الطلب", "نلغي الطلب", "الغوا الحجز",
    "الغاء الحجز", "نلغي التصوير", "الغوا التصوير", "الغاء التصوير",
    "nelghi el ejtima3", "nlghi el ejtima3", "elgho el ejtima3", "nlghi el maw3ed", "elgho el maw3ed",
    "cancel el meeting",
)

# Naming another provider is a leaving signal unless the message also buys one of our services
# ("we built the site with another company; can you do its SEO?").
CHURN_WEAK = (
    "your competitor", "your competitors", "competitor pitched", "منافسكم", "منافسينكم", "منافسيكم", "monafeskom",
    "mozawed arkhas", "provider ارخص", "cheaper provider", "cheaper agency", "مزود ارخص", "ارخص", "arkhas",
    "another agency he", "worked with before",
    "other agenc*", "another agency", "different agency", "other options", "other providers", "another provider",
    "شركة ثانية", "شركة أخرى", "شركه ثانيه", "خيارات أخرى", "خيارات ثانية", "بدائل", "sharika thanya", "wkala thanya",
    "wikala thanya", "agency thanya", "agency tanya", "وكالة ثانية", "وكالة ثانيه", "وكالة أخرى", "وكاله اخرى",
    "new agency", "وكالة جديدة", "وكاله جديده", "wkala jdeeda",
    "شركات ثانيه", "شركات اخرى", "وكالات ثانيه", "وكالات اخرى", "sharikat thanya",
)

BILLING = (
    "الحساب البنكي", "حسابكم البنكي", "bank details", "bank account", "iban", "ايبان", "احول", "نحول", "نسدد", "نسددها",
    "المتبقي", "المبلغ المتبقي", "bankee", "banki", "nsadded", "a7awwel", "ahawel", "top up", "top-up",
    "قيمه تجديد", "سعر تجديد", "مبلغ تجديد", "تكلفه تجديد", "رسوم تجديد",
    "invocie", "invioce", "invoce", "invoive", "payemnt", "paymnet", "pyment", "paymet", "recipt", "reciept", "reciet",
    "refnd", "charging", "sareeba", "9reeba", "dareba", "fatora",
    "cheque", "chq", "check no", "شيك", "الشيك", "sheek",
    "settled", "سددناها", "سددناه", "saddadnaha", "chasing us for", "يطالبنا", "ytalboona", "upfront", "مقدم",
    "discount",
    "billing email", "ايميل الفواتير", "accounts department",
    "مسترد", "المسترد", "فلوس*", "flous*", "floos*", "fatoor*", "fatour*", "khasam*", "po number", "purchase order",
    "أمر الشراء", "امر الشراء", "owe", "total",
    "invoic*", "bill", "billing", "billed", "payment*", "pay", "paying",
    # "paid" alone is also "paid media/ads/social": only as money that moved
    "we paid", "i paid", "already paid", "paid it", "paid in", "paid on", "paid by", "paid you", "was paid",
    "been paid",
    "is paid", "it's paid", "its paid", "fully paid", "paid yesterday", "paid today", "paid last", "paid twice",
    "paid the",
    "paid for the", "unpaid", "prepaid", "paid upfront", "refund*", "receipt*", "vat", "tax*",
    "amount", "charge", "charged", "overcharg*", "double charg*", "bank transfer", "transfer", "credit card", "card",
    "renewal amount", "renewal fee", "renewal price", "renewal cost", "cost to renew", "when we renew",
    "renewal invoice",
    "renewal going to be", "to renew cost", "مبلغ التجديد", "سعر التجديد", "قيمه التجديد", "تكلفه التجديد",
    "رسوم التجديد", "balance", "outstanding",
    "is due", "are due", "due date", "due on", "due by", "due for", "overdue", "amount due", "total due", "payment due",
    "trn", "credit note",
    "statement of account", "curr",
    "فاتور*", "فواتير", "دفع*", "دفعنا", "دفعت", "الدفع", "سداد", "سددنا", "مبلغ*", "مبالغ", "ضريب*", "القيمة المضافة",
    "استرداد", "استرجاع", "ترجعون", "رجعوا الفلوس", "إيصال", "ايصال", "وصل الدفع", "تحويل", "حوال*", "خصم", "خصمتوا",
    "فلوس", "الفلوس", "رسوم", "حساب بنكي", "بطاقة", "الرقم الضريبي", "كشف حساب", "مستحق*",
    "fatoora", "fatora", "fatura", "faturah", "el fatoora", "fwater", "fawateer", "dafa", "dafaa", "dafa3",
    "daf3", "flous", "floos", "fulus", "mablagh", "mablag", "dareeba", "dariba", "daribah", "esal", "eisal", "isal",
    "hawala", "7awala", "tahweel", "ta7weel", "estirdad", "rajj3o", "rajje3o", "ikhsm", "5asm", "khasm", "rusoom",
)

BUG = (
    "didn't go out", "did not go out", "didn't post", "didn't publish", "ما نزلت", "ما نزل", "ما انشرت",
    "duplicate leads", "comes twice", "يجي مرتين", "we never changed", "all of a sudden", "suddenly", "فجاه", "fja2a",
    "fajaa",
    "logs me out", "logged out", "kicks me out", "يطلعني", "يطردني", "ytall3ni", "ytalla3ni", "ytalleani",
    "never get", "never arrive*", "never receive", "never reach*", "switched back", "on its own", "by itself",
    "لحالها", "لحاله", "رجعت انجليزي", "ما يوصلنا", "ما توصلنا", "rej3at", "lahalha", "la7alha",
    "white screen", "blank screen", "بيضاء", "بيضا", "what did you change", "وش غيرتوا", "ايش غيرتوا",
    "something went wrong", "won't close", "ما تتسكر", "ما يتسكر", "wrong number", "رقم غلط",
    "spins", "forever", "redirect*", "weird", "يقفل", "يطفي", "يهنق", "يعلق", "يفصل", "yqfel", "yaqfel", "yhng",
    "ycrash",
    "nothing happens", "does nothing", "ما يصير شي", "ما يسوي شي", "no results anymore", "يلف", "ylef",
    "not working", "isn't working", "isnt working", "doesn't work", "doesnt work", "don't work", "stopped work*",
    "stopped", "broken", "broke", "error*", "crash*", "is down", "went down", "not loading", "won't load",
    "wont load", "can't load", "doesn't load", "blank page", "blank", "404", "500", "not showing", "disappeared",
    "missing from", "failing", "failed", "fails", "glitch*", "bug*", "since yesterday", "since the update",
    "no longer", "anymore", "not sending", "not receiving", "not tracking", "not firing", "wrong", "dead link",
    "ما يشتغل", "مايشتغل", "ما تشتغل", "ماتشتغل", "لا يعمل", "لا تعمل", "توقف", "وقف يشتغل", "خربان", "خربانه", "خربت",
    "خرب", "عطل", "عطلان", "معطل", "خطأ", "خطا", "ايرور", "ما يفتح", "ما تفتح", "مايفتح", "ما يحمل", "ما يظهر",
    "ما تظهر", "اختفى", "اختفت", "اختفت", "يعلق", "يطلع خطأ", "صفحة بيضاء", "ما يوصل", "ما توصل", "ما عاد",
    "mayshta8al", "ma yshta8al", "ma yeshta3'el", "ma yshtaghel", "mayshtaghel", "ma yishtaghil", "ma tshta8al",
    "ma yeshta8el", "mayeshta8el", "kharban", "5arban", "5arbaneh", "5arab", "5erbet", "aatel", "3otl", "3atel",
    "m3attal", "waqef", "wa2ef", "wagef", "ma yefta7", "mayefta7", "ma yiftah", "ma ye7ammel", "ma yban", "ekhtafa",
    "e5tafa", "error", "yatla3 error", "ma ya3ed",
)

FEATURE = (
    "planned", "are you planning", "do you plan", "any plan", "in the pipeline", "coming soon", "will there be",
    "مخطط", "في نيه", "في خطه", "هل بيكون", "bykoon fi",
    "نامل", "نقترح", "نقترح اضافه", "nqtareh", "neqtareh",
    "ykoon rai3", "ykoon a7san", "bykoon", "بيكون", "يكون رائع", "لو نقدر", "law nigdar", "law ne2dar",
    "add a way", "a way to", "inside the portal", "داخل البوابه", "bed3am", "بيدعم", "support multiple",
    "is there a way", "is there any way", "any way to", "في طريقه", "في طريقة", "fi tareeqa", "fe tareeqa",
    "would you consider", "تفكرون تضيفون", "any plan to",
    "add the ability", "ability to", "suggestion", "would love", "any chance you'll add", "would be useful",
    "useful if", "be added", "that added", "nice addition", "on your roadmap", "it's not there", "اقتراح", "تضيفونه",
    "تضيفونها", "ياليت", "يا ليت", "نتمنى", "وضع ليلي", "dark theme", "tdeefoona", "tdeefoonah", "ya leet", "eqtirah",
    "would be great if", "would be nice if", "it would help if", "feature",
    "is it possible to have", "possible to add", "do you support", "do you have an option", "option to",
    "integration", "integrate", "roadmap", "wish", "any plans", "in the future", "dark mode", "export to",
    "ياريت", "يا ريت", "ليت", "تضيفون", "تضيفوا", "اضافة خيار", "إضافة ميزة", "ميزة", "ميزه", "خاصية", "خاصيه",
    "تدعمون", "هل يدعم", "ربط مع", "مستقبلا", "مستقبلاً", "خيار",
    "ya reet", "yareet", "ya rait", "tdeefoon", "tdeefon", "tdifoon", "meeza", "meezah", "5aseya", "khasiya",
    "ted3amoon", "mosta8balan", "rabt ma3",
)


BUY = (
    "talk about", "to discuss", "discuss", "from sales", "sales team", "نتكلم عن", "نتكلم فيه عن", "نتناقش", "المبيعات",
    "nitkallam 3an", "netkallam 3an", "nt7adath 3an",
    "can you make it", "تقدرون تخلونه", "تقدرون تخلونها", "تقدرون تسوون", "tgdroon tsawoon", "tgdroon", "tqdaroon",
    "fee for", "your fee", "managing", "manage our", "partner", "ندور", "شريك", "شراء", "nedawer", "ndawer", "shareek",
    "fee", "fees", "rates", "charge for", "what do you charge", "رسوم", "الرسوم", "أسعاركم", "اسعاركم", "كم تاخذون",
    "takhthoon", "rusoomkom",
    "we want", "we'd like", "we would like", "i want", "i'd like", "looking for", "interested in", "interested",
    "quote", "quotation", "proposal", "pricing", "price", "prices", "how much", "cost", "package*", "hire",
    "need help with", "we need", "can you do", "do you do", "do you offer", "start with you", "work with you",
    "new project", "new scope", "also need", "add on", "add-on", "expand", "another service", "budget for",
    "أبي", "ابي", "أبغى", "ابغى", "نبي", "نبغى", "نبغي", "ودي", "ودنا", "نريد", "أريد", "اريد", "نحتاج", "محتاجين",
    "مهتم*", "عرض سعر", "عرض", "سعر", "أسعار", "اسعار", "بكم", "كم السعر", "كم تكلفه", "تكلفه", "باقه", "باقات",
    "تقدمون", "عندكم خدمه", "نتعاقد", "نشتغل معكم",
    "abi", "abghi", "abgha", "nabi", "nabgha", "nebgha", "ebgha", "ebi", "odna", "wdna", "nreed", "areed",
    "ne7taj", "nehtaj", "mohtam", "mehtam", "se3r", "seer", "asaar", "as3ar", "bkam", "kam el se3r", "ard se3r",
    "aard saar", "baqa", "ba2a", "baga",
)

RUNNING = (
    # requests in the imperative: a change to something running (rule 3), not a breakage
    "صححوا", "كبروا", "صغروا", "انقلوا", "بدلوا", "ضيفوا", "اضيفوا", "حطوا", "ارفعوا", "زيدوا", "خففوا", "خفوا",
    "ثبتوا", "احذفوا", "امسحوا", "جهزوا", "خلوا", "سكروا", "شغلوا", "ضاعفوا", "رتبوا", "غيرولي", "عدلولي",
    "sa77o", "sahho", "kabbro", "baddlo", "7ottu", "hottu", "9eefo", "dheefo", "zido", "nazlo", "sheelo", "5allo",
    "khallo", "a7thfo", "ahthfo", "change the", "update the", "rename", "swap the", "move the", "correct the",
    "ذكروني", "remind me", "اتفقنا", "agreed", "content calendar", "خطه المحتوى", "bios", "bio",
    "targeting", "استهداف", "shelo", "شيلوا", "exclude", "estehdaf", "esteh'daf", "estehadaf",
    "تديرونها", "تديرونه", "تديرونها لنا", "tdeeroonha", "tdeeroonah", "bid cap", "سقف", "the creatives", "التصاميم",
    "الملفات", "el creatives", "el designs", "send me the", "ارسلوا لي", "ab3atoli el", "presentation", "عرض تقديمي",
    "admin", "ادمن", "who do i", "who should i", "مين اكلم", "meen akallem", "pause", "resume", "restart", "ورجعوه",
    "رجعوه", "شغلوه", "rajj3oh", "our page", "صفحتنا", "add a second",
    "stop the", "pause the", "turn off", "switch off", "take down", "وقفوا", "طفوا", "اوقفوا", "نزلوا", "تحدثون",
    "حدثوا", "تحديث", "thadthoon", "hadtho", "hadthoo", "tahdeeth", "wgfo", "waqfo", "how do i", "how can we",
    "where is", "export the",
    "that's live", "that's running", "you're running", "you're preparing", "you're doing", "you're handling",
    "you're writing", "you're drafting", "you're working on", "you are handling", "you are preparing", "تشتغلون عليها",
    "تشتغلون عليه", "تكتبونها", "تكتبونه", "تسوونها لنا", "تسوونه لنا", "tishtaghloon 3aleh", "live", "running",
    "google business", "google maps", "listing", "profile", "progress", "coming along", "done yet", "الشغاله",
    "الشغال", "اللي شغاله", "تجهزونه", "تجهزونها", "خرائط", "ملفنا", "shaghal", "tjahzoonah",
    "our campaign*", "the campaign", "current campaign", "running campaign", "our ads", "our ad", "the ad",
    "the ads", "our account", "our website", "our site", "our seo", "the report", "monthly report", "change",
    "update", "status", "any update", "when will", "still waiting", "access", "login", "log in", "password",
    "budget", "creative", "caption", "post", "schedule", "reschedule", "meeting", "call", "swap", "replace",
    "edit", "fix the", "adjust", "how do i", "how can i", "where can i", "where do i",
    "حملتنا", "الحمله الحاليه", "اعلاناتنا", "اعلاننا", "موقعنا", "حسابنا", "التقرير", "تقرير", "غيروا", "غيرو",
    "تغيير", "تعديل", "عدلوا", "عدلو", "وين وصلتوا", "وين وصلتو", "متى", "صلاحيه", "دخول", "كلمه المرور", "الباسورد",
    "الميزانيه", "التصميم", "البوست", "المنشور", "اجتماع", "موعد", "كيف", "شلون", "وش صار",
    "7amlatna", "hamlatna", "e3lanatna", "mawqe3na", "7esabna", "hesabna", "ta8yeer", "taghyeer", "ta3deel",
    "taadeel", "ghayro", "8ayro", "3adlo", "adlo", "wain wsaltu", "wen wsaltu", "mita", "emta", "shlon", "shloon",
    "kaif", "keef", "el report", "el taqreer",
)

PAID_MEDIA = (
    "لينكدان", "لينكد ان", "linkedin",
    "search campaign", "paid search", "search ads", "اعلانات البحث", "حمله البحث", "المزايده", "bid cap", "ppc", "sem",
    "ads", "ad", "advert*", "advertising", "campaign*", "social media", "snapchat", "snap", "tiktok", "tik tok",
    "instagram", "insta", "meta", "facebook", "google ads", "youtube ads", "linkedin ads", "paid media",
    "media buying", "performance marketing", "influencer*", "x ads", "twitter ads", "boost", "leads",
    "اعلان*", "إعلان*", "حمل*", "حمله", "سناب*", "تيك توك", "تيكتوك", "انستقرام", "انستغرام", "انستا", "ميتا",
    "فيسبوك", "سوشال ميديا", "سوشيال ميديا", "التواصل الاجتماعي", "مؤثرين", "مشاهير", "تسويق", "ممول*",
    "e3lan*", "ealan*", "e3lanat", "hamla", "7amla", "7amlah", "hamlah", "snab", "sosial", "soshal", "mumawal*",
    "momawal*", "tasweeq", "taswee8",
)

ARABIC_SEO = (
    "keyword*", "كلمات مفتاحيه", "بحث", "بالعربي",
    "seo", "ranking", "rank", "ranks", "google search", "search engine*", "search results", "first page",
    "page one", "visibility", "organic", "keywords", "arabic search", "arabic content", "search console",
    "backlinks", "appear on google", "show up on google", "found on google",
    "سيو", "محركات البحث", "محرك البحث", "نتائج البحث", "البحث", "جوجل", "قوقل", "غوغل", "تصدر", "الصفحة الأولى",
    "الصفحه الاولى", "الصفحه الاولي", "ترتيب", "الكلمات المفتاحية", "محتوى عربي", "ظهور", "يظهر في", "نظهر",
    "seyo", "sio", "goo8el", "google", "gogel", "goo gle", "natayej el ba7th", "el ba7th", "elbahth", "tarteeb",
    "tasaddur", "tasadur", "zohoor", "dhuhoor",
)

TENDER = (
    "government projects", "government project", "government work", "government clients", "مشاريع حكوميه",
    "المشاريع الحكوميه", "مشروع حكومي", "جهات حكوميه", "الجهات الحكوميه", "7ukoomi", "hukoomi", "7okomi",
    "certificates", "company profile", "before we submit", "الشهادات", "ملف الشركه", "bid/no-bid", "no-bid",
    "tender*", "rfp", "rfq", "rfi", "bid", "bids", "bidding", "prequalif*", "pre-qualif*", "pre qualif*",
    "procurement", "etimad", "vendor registration", "supplier registration", "submission", "technical proposal",
    "commercial proposal", "government contract", "ministry",
    "مناقص*", "منافس*", "اعتماد", "منصة اعتماد", "تأهيل", "التاهيل المسبق", "عطاء", "عطاءات", "كراسة الشروط",
    "كراسه الشروط", "تسجيل مورد", "العرض الفني", "العرض المالي", "وزار*", "جهه حكوميه", "مشتريات",
    "mona2asa", "monaqasa", "munaqasa", "mnaqsa", "mona2asat", "monafasa", "e3timad", "etimaad", "ta2heel",
    "taheel", "3ata2", "ata2", "kurrasat", "wezara", "wizara",
)

PRODUCT = (
    "portal", "dashboard", "app", "the report", "report", "reports", "pdf", "system", "platform", "notification*",
    "export", "filter*", "button",
    "البوابه", "لوحه التحكم", "التطبيق", "التقرير", "النظام", "المنصه", "اشعار", "تنبيه", "فلتر*", "زر",
    "el portal", "el app", "el report", "tanbeeh",
)

NEW_SCOPE = (
    "الخطوه الجايه", "next step", "next we", "next,",
    "also", "as well", "too", "in addition", "additionally", "next step", "now we", "now we'd", "now we want", "add",
    "بعد", "كمان", "بعد كذا", "الحين نبي", "والحين", "الحين", "نضيف", "تضيفون", "اضافه", "زياده على",
    "kaman", "kamaan", "ba3d", "wel7een", "el7een", "nedeef", "nzeed",
)
