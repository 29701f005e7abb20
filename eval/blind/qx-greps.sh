# qx batch: greps for the 30 unanswerable questions (qx19-qx48), then neighbour greps over the existing questions.
# Run from eval/blind:  bash qx-greps.sh > qx-greps.out 2>&1   (or from eval: bash blind/qx-greps.sh > blind/qx-greps.out)
# Adapted from qw-greps.sh (same method). The script copies corpus, distractors, pages and dated into a temporary
# folder with HTML tags replaced by spaces (so link targets and markup do not count), greps there, and deletes the
# copy. Paths in the output are relative to eval/.
# G lists the files that match each pattern (case-insensitive, ERE, one line at a time);
# C prints each match with up to 70 characters either side, for the hits that needed reading.
# The first patterns of each question are its key names and figures (broad: hits are read in the C output);
# the later ones are the answer-bearing facts (the ABSENT list of the check script in qx-notes.md), which must all
# give "none". grep works line by line, the check script on whole normalised files; both give none for these.
# N (last section) greps eval/questions.jsonl (qw01-qw48 included) for the key words of every question of the
# batch (answerable ones included) and prints "id type | question" of each hit: the neighbours checked for
# duplicates.
cd "$(dirname "$0")/.." || exit 1
QF="$PWD/questions.jsonl"
T=$(mktemp -d /tmp/qx-greps.XXXXXX) || exit 1
trap 'rm -rf "$T"' EXIT
for d in corpus distractors pages dated; do
  mkdir -p "$T/$d"
  for f in "$d"/*; do
    case "$f" in
      *.html|*.htm) sed -e 's/<[^>]*>/ /g' "$f" > "$T/$f" ;;
      *) cp "$f" "$T/$f" ;;
    esac
  done
done
cd "$T" || exit 1
G() { local id=$1; shift; for t in "$@"; do n=$(grep -rilE -- "$t" corpus distractors pages dated 2>/dev/null | sort | tr '\n' ' '); echo "$id [$t] -> ${n:-none}"; done; }
C() { local id=$1; shift; for t in "$@"; do echo "$id context [$t]:"; grep -rioE -- ".{0,70}($t).{0,70}" corpus distractors pages dated 2>/dev/null | sort | sed 's/^/    /'; done; }
N() { local id=$1; shift; for t in "$@"; do echo "$id neighbours [$t]:"; grep -iE -- "$t" "$QF" | sed -E 's/^\{"id": "([^"]+)", "question": "(.*)", "expect": .*"type": "([^"]+)"\}$/    \1 \3 | \2/'; done; }
# answerable: each expect string, in which files (must be the chosen briefing only; none in pages/ or dated/)
G qx01 "The next two weeks will decide the shape of the east bank"
G qx02 "the question of crossing will become urgent"
G qx03 "We expect it to pursue both"
G qx04 "For the SDF, the deal is a trade-off"
G qx05 "ISIS will then fall back to the eastern bank and the desert"
G qx06 "The fields will be one of the most likely flashpoints"
G qx07 "had already reached the border on May 29, further north"
G qx08 "the Euphrates would serve as the line between the two camps"
G qx09 "use the threat to the dam as propaganda"
G qx10 "the government controls the western bank and the city"
G qx11 "The coalition's response was unusually direct"
G qx12 "leaves the SDF with the larger share of the province's pre-war production"
G qx13 "For the United States, the outcome narrows its options"
G qx14 "The simultaneous Iraqi capture of Al-Qaim is just as significant"
G qx15 "more stubbornly than it has defended Raqqa's outskirts" "ISIS chose not to fight for the desert"
G qx16 "between government forces and the Iraqi forces on the other side" "A joint or coordinated move on the town from both sides"
G qx17 "notably the Tiger Forces and the Republican Guard" "Progress through open desert is slow"
G qx18 "essential to its finances and to supplying electricity to the west" "the economic prize that Damascus lost to the SDF"
# off_domain
G qx19 "wagner" "mali|moura|bamako" "wagner[^.]{0,200}([0-9][0-9,]*|hundreds|thousands?)[^.]{0,60}(contractors|fighters|personnel|men)[^.]{0,100}mali" "mali[^.]{0,200}([0-9][0-9,]*|hundreds of|several hundred|thousands? of) (russian )?(contractors|instructors|mercenaries|wagner)" "([0-9][0-9,]*|hundreds of|several hundred) (russian )?(contractors|instructors)[^.]{0,150}mali"
C qx19 "wagner[^.]{0,80}|contractors[^.]{0,60}"
G qx20 "tarhuna" "syrian (fighters|mercenaries)" "([0-9][0-9,]*|hundreds of|several hundred|thousands of) syrian (fighters|mercenaries)" "syrian (fighters|mercenaries)[^.]{0,60}(numbered|numbering|totall?ing|estimated at|some|about|around|more than) ([0-9][0-9,]*|hundreds|thousands)" "(recruited|sent|deployed|flown)[^.]{0,60}[0-9][0-9,]* (syrian|syrians)"
C qx20 "syrian (fighters|mercenaries)[^.]{0,80}"
G qx21 "rohingya" "appeal" "appeal[^.]{0,150}(\\\$|dollars|million|billion)" "(\\\$|dollars|million|billion)[^.]{0,150}(emergency appeal|rohingya)" "rohingya[^.]{0,200}([0-9][0-9,.]* (million|billion) (dollars|usd)|\\\$ ?[0-9])"
C qx21 "appeal[^.]{0,80}"
G qx22 "kronauer" "stuttgart" "\\b(daimler|mercedes|porsche|bosch)\\b" "two (large )?car makers,? (namely|such as|including|:|\\()" "stuttgart[^.]{0,100}home to[^.]{0,40}(daimler|mercedes|porsche|bosch|\\()"
C qx22 "stuttgart[^.]{0,80}|car makers[^.]{0,40}"
G qx23 "shadowstep" "chip ?makers?" "\\b(amd|advanced micro devices|intel|qualcomm|nvidia)\\b" "(shares|stock) in (the |a )?smaller rival,? (called |named )?[a-z]+," "smaller rival[^.]{0,40}(called|named|\\()"
C qx23 "chip ?makers?[^.]{0,80}|smaller rival[^.]{0,60}"
G qx24 "dashti" "panjshir" "dashti[^.]{0,200}(killed by|killed in|air ?strike|drone|taliban|shot|explosion|bomb)" "(killed by|air ?strike|drone strike|shot dead)[^.]{0,100}dashti"
C qx24 "dashti[^.]{0,80}"
G qx25 "aga khan" "aga khan[^.]{0,200}([0-9][0-9,.]* ?(million|billion|dollars|euros|pounds)|\\\$|€|£)" "([0-9][0-9,.]* ?(million|billion)|\\\$[0-9])[^.]{0,150}aga khan"
C qx25 "aga khan[^.]{0,100}|international funding[^.]{0,80}"
G qx26 "winter crop" "iraq[^.]{0,200}(harvest(ed)?|produc(ed|tion))[^.]{0,100}[0-9][0-9,.]* (million )?tonnes" "2022[^.]{0,150}iraq[^.]{0,100}(wheat|harvest)" "iraq(i)?[^.]{0,60}wheat (harvest|crop|production)"
C qx26 "wheat[^.]{0,60}"
G qx27 "frozen meat" "frozen meat[^.]{0,150}([0-9][0-9,.]* ?(tonnes|tons|kilos|kg)|thousand)" "[0-9][0-9,.]* ?(tonnes|tons)[^.]{0,100}meat" "import(ed|s|ing)[^.]{0,60}[0-9][0-9,.]* ?(tonnes|tons)[^.]{0,60}meat"
C qx27 "meat[^.]{0,80}"
# missing_fact
G qx28 "al-ward" "al-ward[^.]{0,200}(barrels|bpd|b/d)" "(barrels|bpd|b/d)[^.]{0,150}al-ward"
C qx28 "al-ward[^.]{0,100}"
G qx29 "june 9|9 june" "(june 9|9 june|syrian-iraqi border|iraqi border)[^.]{0,200}(after|in|within) ([0-9]+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few) (days|weeks)" "([0-9]+|two|three|four|five|six|seven|eight|nine|ten)[- ]day (advance|dash|push|drive|race)" "(advance|push|dash)[^.]{0,40}(began|started|was launched|set off) on (may|june) [0-9]+"
C qx29 "june 9[^.]{0,120}|rapid advance[^.]{0,80}"
G qx30 "sukhnah" "sorties|air ?strikes" "sukhnah[^.]{0,200}[0-9][0-9,]* (russian )?(air ?strikes|sorties|raids|strike sorties)" "[0-9][0-9,]* (russian )?(air ?strikes|sorties|raids|strike sorties)[^.]{0,200}sukhnah" "(six days|august 12)[^.]{0,150}[0-9][0-9,]* (air ?strikes|sorties)"
C qx30 "[0-9][0-9,]* (russian )?(strike )?(air ?strikes|sorties)[^.]{0,60}|sukhnah[^.]{0,20}(fell|after)[^.]{0,80}"
G qx31 "special operations|special forces" "([0-9][0-9,]*|dozens of|hundreds of|a few) (us |american )?(special operations|special forces)( advisers| troops| soldiers)?[^.]{0,150}(sdf|raqqa|embedded)" "embedded[^.]{0,100}[0-9][0-9,]* (us |american )?(advisers|special)" "([0-9][0-9,]*|dozens of|hundreds of) (us |american )advisers[^.]{0,150}(sdf|raqqa)"
C qx31 "special (operations|forces)[^.]{0,80}"
G qx32 "revenue|income" "(sdf|syrian democratic forces)[^.]{0,200}([0-9][0-9,.]* ?(million|thousand) (dollars|usd)|\\\$ ?[0-9][0-9,.]*)" "(sdf|syrian democratic forces|kurdish)[^.]{0,150}(revenue|income|earn(s|ed|ing)?)[^.]{0,60}(\\\$|[0-9][0-9,.]* ?(million|dollars))" "(a|per) month[^.]{0,100}(oil|crude|revenue)"
C qx32 "(revenue|income)[^.]{0,60}"
G qx33 "su-22|super ?hornet|f-18" "carrier|\\buss\\b" "(su-22|tabqah?|super ?hornet|f-18)[^.]{0,200}(\\buss\\b|aircraft carrier|carrier)" "(\\buss\\b|aircraft carrier|george h\\.? ?w\\.? bush)[^.]{0,200}(su-22|tabqah?|super ?hornet|f-18|syria)"
C qx33 "(super ?hornet|f-18)[^.]{0,80}|carriers?\\b[^.]{0,60}"
G qx34 "hajin" "(sdf|syrian democratic forces)[^.]{0,150}(lost|losses of|casualties of)[^.]{0,60}[0-9][0-9,]*[^.]{0,100}(hajin|offensive|since september)" "[0-9][0-9,]* (sdf |syrian democratic forces )?fighters (were |had been )?killed[^.]{0,150}(since september|in total|offensive|campaign|hajin)" "(hajin|offensive)[^.]{0,150}(total|overall)[^.]{0,60}(killed|dead|losses)"
C qx34 "(killed|losses)[^.]{0,60}"
# capital (unanswerable)
G qx35 "december 19" "(iraq|iraqi|baghdad)[^.]{0,200}(december 19|withdrawal announcement|decision to withdraw|us withdrawal|pull(ing)? (its|us) troops out)" "(december 19|withdrawal announcement|decision to withdraw|withdraw its roughly)[^.]{0,200}(iraq|iraqi|baghdad)"
C qx35 "december 19[^.]{0,100}|withdrawal announcement[^.]{0,80}"
G qx36 "conoco" "(iran|iranian|tehran)[^.]{0,200}(conoco|gas plant)" "(conoco|gas plant)[^.]{0,200}(iran|iranian|tehran)"
G qx37 "al-qaim" "(damascus|syrian government|syrian foreign ministry|assad)[^.]{0,100}(said|welcomed|condemned|praised|statement|reacted|congratulat)[^.]{0,150}al-qaim" "al-qaim[^.]{0,150}(damascus|syrian government|syrian foreign ministry)[^.]{0,60}(said|welcomed|condemned|praised|congratulat)"
C qx37 "al-qaim[^.]{0,100}damascus|damascus[^.]{0,100}al-qaim"
# near_topic
G qx38 "anbar" "\\banah\\b"
G qx39 "khabur" "busa?yra|busayrah|busaira"
G qx40 "maskanah" "deir hafe?i?r|dayr hafir"
G qx41 "airfield|airstrip" "hamdan" "(albu kamal|abu kamal|al-bukamal|bukamal)[^.]{0,150}(airfield|airport|air base|airbase|airstrip)" "(airfield|airport|air base|airbase|airstrip)[^.]{0,150}(albu kamal|abu kamal|al-bukamal|bukamal)"
# wrong_actor
G qx42 "border (security )?force" "(iraq|iraqi|baghdad)[^.]{0,60}(said|reacted|objected|opposed|condemned|welcomed|rejected|warned|protested)[^.]{0,150}(border (security )?force|30,000)" "(border (security )?force|30,000)[^.]{0,150}(iraq|iraqi|baghdad)[^.]{0,30}(said|reacted|objected|opposed|condemned|welcomed|rejected|warned|protested)" "(turkey|russia|iran|damascus)[^.]{0,60}(iraq|baghdad)[^.]{0,40}oppose"
C qx42 "border (security )?force[^.]{0,100}"
G qx43 "kurdistan|\\bkrg\\b|erbil|barzani|peshmerga" "(kurdistan|\\bkrg\\b|erbil|barzani|peshmerga)[^.]{0,250}(pmu|popular mobili|hashd|sinjar|syrian border)" "(pmu|popular mobili|hashd|sinjar)[^.]{0,250}(kurdistan|\\bkrg\\b|erbil|barzani|peshmerga)"
C qx43 "(kurdistan|\\bkrg\\b|erbil|barzani|peshmerga)[^.]{0,60}"
G qx44 "december 11|return home|drawdown" "(hezbollah|hizballah|nasrallah)[^.]{0,200}(drawdown|return home|december 11|partial withdrawal|russian (forces|withdrawal))" "(drawdown|return home|december 11)[^.]{0,200}(hezbollah|hizballah|nasrallah)"
C qx44 "(december 11|return home|drawdown)[^.]{0,80}"
G qx45 "november 11" "(iraqi government|baghdad|iraqi officials)[^.]{0,200}(albu kamal|abu kamal|al-bukamal|bukamal)[^.]{0,100}(november 11|counterattack|retook|lost)" "(november 11|counterattack|retook most)[^.]{0,200}(iraqi government|baghdad|iraqi officials)"
C qx45 "iraqi (government|officials)[^.]{0,80}"
# unanswerable_period
G qx46 "sinjar" "sinjar[^.]{0,250}\\b(2014|2015)\\b" "\\b(2014|2015)\\b[^.]{0,250}sinjar"
C qx46 "sinjar[^.]{0,80}"
G qx47 "jirah" "jirah[^.]{0,250}\\b2018\\b" "\\b2018\\b[^.]{0,250}jirah"
C qx47 "jirah[^.]{0,80}"
G qx48 "uqayribat" "uqayribat[^.]{0,250}\\b2018\\b" "\\b2018\\b[^.]{0,250}uqayribat"
C qx48 "uqayribat[^.]{0,80}"

# neighbours in eval/questions.jsonl (key words of each question; the hits were read, see qx-notes.md)
N qx01 "two weeks|east bank|jazira"
N qx02 "crossing will|urgent|cross into syria|link up|linking up"
N qx03 "pursue both|fallback|hedge|options"
N qx04 "trade-off|manbij"
N qx05 "fall back|retreat|end up"
N qx06 "flashpoint|friction|2018[^\"]{0,60}(fields|al-omar)|(fields|al-omar)[^\"]{0,60}2018"
N qx07 "may 29|already (reached|there|at the border)"
N qx08 "working assumption|dividing line|line between|split the ground"
N qx09 "daesh (want|wanted|aims)|tabqa[^\"]{0,80}(aims|wanted|daesh)|propaganda"
N qx10 "division of the province|taking shape|western bank"
N qx11 "unusually|bus|convoy[^\"]{0,80}(reaction|response)"
N qx12 "pre-war (output|production)|larger share|bigger (slice|share)"
N qx13 "narrow|options|room for"
N qx14 "al-qaim"
N qx15 "stubborn|desert approaches|fight for the desert|chose not to"
N qx16 "race for (albu|abu) kamal|both sides|together|joint|coordinated"
N qx17 "constraint|holding[^\"]{0,20}back|held back|republican guard|open desert"
N qx18 "finances|electricity|economic prize|khasham"
N qx19 "wagner|mali"
N qx20 "libya|tripoli|tarhuna|gna"
N qx21 "rohingya|rakhine|appeal"
N qx22 "kronauer|stuttgart|car ?makers?"
N qx23 "shadowstep|chip ?maker|processor"
N qx24 "panjshir|dashti|massoud|\\bnrf\\b"
N qx25 "aga khan|old city|damascus[^\"]{0,40}restor"
N qx26 "iraq[^\"]{0,60}(wheat|crop|harvest)|winter crop|dunam"
N qx27 "inflation|frozen|meat|rial"
N qx28 "al-ward"
N qx29 "june 9|9 june|how (many|long)[^\"]{0,60}(days|advance)"
N qx30 "sukhnah|sorties|air ?strikes did"
N qx31 "special op|embedded|november 2016|nov 2016"
N qx32 "revenue|income|month[^\"]{0,60}(oil|crude)|(oil|crude)[^\"]{0,60}month|middlem"
N qx33 "su-22|super ?hornet|carrier"
N qx34 "hajin[^\"]{0,120}(killed|dead|losses|casualt)|(killed|dead|losses|casualt)[^\"]{0,120}hajin"
N qx35 "(withdraw|pull-?out|pulling)[^\"]{0,120}(baghdad|iraq)|(baghdad|iraq)[^\"]{0,120}(withdraw|pull-?out|pulling)"
N qx36 "conoco"
N qx37 "al-qaim"
N qx38 "anah|anbar"
N qx39 "busa?yrah?|khabur"
N qx40 "hafer|hafir|maskanah"
N qx41 "hamdan|airfield|airstrip|(albu kamal|abu kamal|bukamal)[^\"]{0,80}air(port|base)"
N qx42 "border (security )?force"
N qx43 "kurdistan|krg|erbil|barzani|peshmerga|sinjar"
N qx44 "december 11|11 dec|drawdown|go(ing)? home|return home"
N qx45 "november 11|11 nov|albu kamal[^\"]{0,80}(iraq|baghdad)"
N qx46 "sinjar"
N qx47 "jirah"
N qx48 "uqayribat"
