# qw batch: greps for the 30 unanswerable questions (qw19-qw48), then neighbour greps over the existing questions.
# Run from eval/blind:  bash qw-greps.sh > qw-greps.out 2>&1   (or from eval: bash blind/qw-greps.sh > blind/qw-greps.out)
# Adapted from qv-greps.sh (same method). The script copies corpus, distractors, pages and dated into a temporary
# folder with HTML tags replaced by spaces (so link targets and markup do not count), greps there, and deletes the
# copy. Paths in the output are relative to eval/.
# G lists the files that match each pattern (case-insensitive, ERE, one line at a time);
# C prints each match with up to 70 characters either side, for the hits that needed reading.
# The first patterns of each question are its key names and figures (broad: hits are read in the C output);
# the later ones are the answer-bearing facts (the ABSENT list of the check script in qw-notes.md), which must all
# give "none". (grep -E has no lookbehind: qw31's and qw23's Python patterns are written here without it.)
# N (last section) greps eval/questions.jsonl (qv01-qv48 included) for the key words of every question of the
# batch (answerable ones included) and prints "id type | question" of each hit: the neighbours checked for
# duplicates.
cd "$(dirname "$0")/.." || exit 1
QF="$PWD/questions.jsonl"
T=$(mktemp -d /tmp/qw-greps.XXXXXX) || exit 1
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
# off_domain
G qw19 "app stores?" "apple|google|alphabet|samsung|huawei" "(apple|google|alphabet|samsung|huawei)[^.]{0,150}(app stores?|declined to comment|draft|commission)" "(app stores?|store operators?)[^.]{0,150}(apple|google|alphabet|samsung|huawei)" "(dominant|two)[^.]{0,40}operators?,? (namely|such as|:)"
C qw19 "apple[^.]{0,60}|google[^.]{0,40}|dominant mobile[^.]{0,60}"
G qw20 "galloway|hoard" "1\\.98|appeal" "(raised|reached|secured|met|hit)[^.]{0,80}(1\\.98|the money)" "(1\\.98 million|the appeal)[^.]{0,150}(succeeded|was successful|reached|raised|met|fell short|failed)" "hoard[^.]{0,100}(acquired|bought|secured|saved) (by|for) (the )?(national museums|nation)"
C qw20 "appeal[^.]{0,80}|1\\.98[^.]{0,80}"
G qw21 "northwest passage" "cruise" "crystal serenity" "cruise (ship|liner|vessel)[^.]{0,40}(called|named)" "\\b(ms|mv|m/s)\\.? [a-z]+[^.]{0,100}(northwest passage|new york)"
C qw21 "cruise[^.]{0,100}"
G qw22 "davis cup|lille" "single-week|one-week|madrid" "davis cup[^.]{0,200}(madrid|approved|voted|agreed|backed|adopted)" "(itf|international tennis federation)[^.]{0,150}(approved|voted|agreed|backed|adopted|rejected)" "(first|new) (single-week|one-week)[^.]{0,100}(held|played|hosted|staged) in"
C qw22 "single-week[^.]{0,60}|international tennis federation[^.]{0,80}|madrid[^.]{0,40}"
G qw23 "real castilla" "captain" "captain,? [a-z]+ [a-z-]+[^.]{0,100}(real castilla|five months|injur)" "real castilla[^.]{0,150}captain,? [a-z]+" "including their captain,? ([a-eg-z][a-z]*|f[a-np-z][a-z]*|fo[a-qs-z][a-z]*) [a-z]+"
C qw23 "captain[^.]{0,60}"
G qw24 "corona bay" "salvage|salvor" "\\b(smit|boskalis|svitzer|nippon salvage)\\b" "salvage (company|firm|team),? (called|named|[a-z]+ (salvage|b\\.?v\\.?|ltd|inc))" "hired[^.]{0,60}(salvage|salvor)[^.]{0,30}[a-z]+ (salvage|b\\.v\\.|bv|ltd|inc)"
C qw24 "salvage[^.]{0,80}|ship.s owner[^.]{0,60}"
G qw25 "ilovaisk" "donbas[^.]{0,30}battalion" "semenchenko|hryshyn|grishin" "donbas[^.]{0,60}battalion[^.]{0,150}(command(er|ed)|led by|headed by)" "(command(er|ed)|led by|headed by)[^.]{0,60}donbas[^.]{0,20}battalion"
C qw25 "battalion[^.]{0,80}"
G qw26 "kharkiv" "prisoners?|taken prisoner|surrendered" "(prisoners?|captured|taken prisoner|surrendered)[^.]{0,150}russian (soldiers|troops|servicemen)" "russian (soldiers|troops|servicemen)[^.]{0,100}(taken prisoner|captured|surrendered|prisoners?)" "kharkiv[^.]{0,250}prisoners?"
C qw26 "prisoners?[^.]{0,60}|surrendered[^.]{0,60}"
G qw27 "deepwater horizon" "company responsible" "\\bbp\\b|british petroleum|transocean|halliburton" "deepwater horizon[^.]{0,200}(operated by|owned by|leased by|operator)" "company responsible,? (was |is )?([a-z]+ (plc|oil|petroleum|energy))"
C qw27 "company responsible[^.]{0,80}|deepwater horizon[^.]{0,60}"
# missing_fact
G qw28 "more than 1,000 daesh" "(soldiers|troops)[^.]{0,40}(killed|died|dead)" "(army|saa|government|syrian) (lost|losses|casualties)[^.]{0,150}(deir|dayr|city)" "[0-9][0-9,]* (syrian |government |saa )?(soldiers|troops)[^.]{0,60}(killed|died|dead)[^.]{0,100}(deir|dayr|ezzor|syria)" "(deir|dayr|ezzor)[^.]{0,150}[0-9][0-9,]* (syrian |government |saa )?(soldiers|troops)[^.]{0,60}(killed|died|dead)" "(killed|lost)[^.]{0,60}[0-9][0-9,]* (of its own|soldiers|troops)[^.]{0,100}(deir|dayr|ezzor|syria)"
C qw28 "(soldiers|troops)[^.]{0,40}(killed|died|dead)[^.]{0,40}|more than 1,000 daesh[^.]{0,80}"
G qw29 "june 9|9 june" "iraqi militias" "nujaba|\\bbadr\\b|asa.?ib|harakat hezbollah|imam ali brigade|abu ?al-?fadl|sayyid al-?shuhada" "kataib[^.]{0,250}(june 9|june 2017|tanf|70 km|race)" "(june 9|70 km north-east)[^.]{0,250}(kataib|brigade|battalion|liwa)"
C qw29 "iraqi militias[^.]{0,80}|kataib[^.]{0,60}"
G qw30 "sandstorm" "counterattack" "(daesh|isis|isil|islamic state) (launched|sent|used|committed|massed)[^.]{0,60}[0-9][0-9,]* (fighters|militants)[^.]{0,100}(counterattack|hajin|sandstorm)" "counterattack[^.]{0,150}([0-9][0-9,]*|hundreds of|dozens of) (daesh |isis )?(fighters|militants|attackers)" "([0-9][0-9,]*|hundreds of|dozens of) (daesh |isis )?(fighters|militants|attackers)[^.]{0,100}(counterattack|sandstorm|al-bahra|gharanij)"
C qw30 "counterattack[^.]{0,100}"
G qw31 "january 14" "heaviest assault" "(january 14|assault|attack)[^.]{0,150}[0-9][0-9,]* (islamic state |is |isis )?(fighters|militants|attackers)[^.]{0,100}(enclave|dayr|deir|airport|cemetery)" "(^|[^y] )([0-9][0-9,]*|hundreds of|thousands of) (islamic state |is |isis )?(fighters|militants)[^.]{0,150}(january 14|heaviest assault|cemetery|split)" "heaviest assault[^.]{0,150}[0-9][0-9,]* (fighters|militants)"
C qw31 "january 14[^.]{0,100}"
G qw32 "border (security )?force" "turkish (border|frontier)" "turkish (border|frontier)[^.]{0,150}[0-9][0-9,]* (personnel|troops|fighters|members|guards)" "[0-9][0-9,]* (personnel|troops|fighters|members|guards)[^.]{0,150}turkish (border|frontier)" "border (security )?force[^.]{0,200}(half|a third|two-thirds|[0-9]+ ?(percent|%))[^.]{0,60}turkish"
C qw32 "30,000 personnel[^.]{0,80}|deployed along the turkish[^.]{0,80}"
G qw33 "manbij" "american flags|deterrence and reassurance" "\\b(rangers?|75th|stryker|marines?|82nd|101st|airborne)\\b[^.]{0,150}manbij" "manbij[^.]{0,200}\\b(rangers?|75th|stryker|marines?|82nd|101st|airborne)\\b" "(patrol|flags)[^.]{0,100}(unit|regiment|battalion|brigade) (of|from)"
C qw33 "american flags[^.]{0,100}|\\brangers?\\b[^.]{0,60}|stryker[^.]{0,40}"
G qw34 "west of mosul" "month-long" "(pmu|popular mobili[sz]ation|hashd)[^.]{0,200}(launched|began|started)[^.]{0,60}(april|may) [0-9]+" "(april|may) [0-9]+[^.]{0,150}(pmu|popular mobili[sz]ation|hashd)[^.]{0,100}(launched|began|started|kicked off)" "west of mosul[^.]{0,150}(april|may) [0-9]+" "(operation|offensive)[^.]{0,80}(began|launched|started) on (april|may) [0-9]+"
C qw34 "month-long[^.]{0,80}|west of mosul[^.]{0,60}"
# capital (unanswerable)
G qw35 "wounding six|industrial zone" "(iraq|iraqi|baghdad)[^.]{0,200}(september 16|industrial zone|russian (aircraft|strike|jets) (had )?(struck|hit)|wounding six)" "(september 16|wounding six|russian aircraft had struck)[^.]{0,200}(iraq|iraqi|baghdad)"
C qw35 "september 16[^.]{0,100}"
G qw36 "mayadin|mayadeen" "(turkey|turkish|ankara|erdogan)[^.]{0,200}(mayadin|mayadeen)" "(mayadin|mayadeen)[^.]{0,200}(turkey|turkish|ankara|erdogan)"
G qw37 "conoco" "(turkey|turkish|ankara|erdogan)[^.]{0,200}(conoco|gas plant)" "(conoco|gas plant)[^.]{0,200}(turkey|turkish|ankara|erdogan)"
# near_topic
G qw38 "anbar" "akash?at|ukashat"
C qw38 "anbar[^.]{0,60}"
G qw39 "manbij" "abu lay?la|abu leila|sadun|sa.?doun"
G qw40 "muhass?an|mohass?an"
G qw41 "afghan" "fatemi?y?oun|fatimiy?un|zainabiy?oun|zeinabiyoun" "afghan[^.]{0,200}(albu kamal|abu kamal|bukamal|syria|iran)" "(albu kamal|abu kamal|bukamal)[^.]{0,200}afghan"
# wrong_actor
G qw42 "al-omar" "(hezbollah|hizballah|nasrallah)[^.]{0,200}(al-omar|omar field)" "(al-omar|omar field)[^.]{0,200}(hezbollah|hizballah|nasrallah)"
G qw43 "jordan|jordanian|amman" "(jordan|jordanian|amman)[^.]{0,200}(june 9|tanf|pro-regime|iranian-backed|70 km|iraqi border)" "(tanf|june 9|pro-regime forces reached|iraqi border)[^.]{0,200}(jordan|jordanian|amman)"
C qw43 "jordan[^.]{0,80}"
G qw44 "saudi|riyadh" "(saudi|riyadh)[^.]{0,200}(withdraw|pull(ing)? out|us troops|december 19|syria)" "(withdraw|pull(ing)? out|december 19|us troops)[^.]{0,200}(saudi|riyadh)"
C qw44 "saudi[^.]{0,60}"
G qw45 "manbij" "(hezbollah|hizballah|nasrallah)[^.]{0,200}(manbij|buffer|handover|villages west)" "(manbij|buffer|handover)[^.]{0,200}(hezbollah|hizballah|nasrallah)"
# unanswerable_period
G qw46 "maskanah" "maskanah[^.]{0,250}\\b(2015|2016)\\b" "\\b(2015|2016)\\b[^.]{0,250}maskanah"
C qw46 "maskanah[^.]{0,80}"
G qw47 "\\barak\\b" "\\barak\\b[^.]{0,250}\\b2018\\b" "\\b2018\\b[^.]{0,250}\\barak\\b"
C qw47 "\\barak\\b[^.]{0,80}"
G qw48 "tayyem" "tayyem[^.]{0,250}\\b2018\\b" "\\b2018\\b[^.]{0,250}tayyem"
C qw48 "tayyem[^.]{0,80}"

# neighbours in eval/questions.jsonl (key words of each question; the hits were read, see qw-notes.md)
N qw01 "isolat|storm the city|choke"
N qw02 "pmu commander|shia militia|hashd|cross(ing)? (over|into syria)"
N qw03 "everyone wants|explosive|kick off"
N qw04 "june 9|9 june|dash|race to the"
N qw05 "footprint|southern desert garrison|desert base"
N qw06 "jazira|shaddadi|last-minute|timing"
N qw07 "afrin[^\"]{0,80}(hajin|pocket)|kurdish leader"
N qw08 "distraction|pull-out|pulling (its troops )?out"
N qw09 "roundup|dashisha"
N qw10 "tabqa dam|water and electricity|hydro"
N qw11 "conoco|bargaining|leverage"
N qw12 "odds|chance|abu kamal[^\"]{0,60}tanf|tanf[^\"]{0,60}(abu|albu) kamal"
N qw13 "november 11|11 nov|counterattack|strategic picture"
N qw14 "mirror|tehran[^\"]{0,80}tanf|tanf[^\"]{0,80}tehran"
N qw15 "pause|regroup|reprieve|lull"
N qw16 "resafa|corridor open"
N qw17 "hajin[^\"]{0,100}(watch|sidelines|outside|other actors|list)"
N qw18 "flights into damascus|overland route|hezbollah[^\"]{0,60}(route|corridor)|hizballah[^\"]{0,60}(route|corridor)"
N qw19 "app store|brussels|nowicki"
N qw20 "hoard|galloway|viking"
N qw21 "northwest passage|cruise|arctic|sea ice"
N qw22 "davis|lille|itf"
N qw23 "euroleague|castilla|belgrade"
N qw24 "corona bay|suez|salvage"
N qw25 "ilovaisk|donbas battalion"
N qw26 "kharkiv|prisoner"
N qw27 "deepwater|spill|bacteria"
N qw28 "deir ezzor city|1,000 daesh|(soldiers|troops)[^\"]{0,40}(killed|lost)"
N qw29 "june 9|9 june|militias? (names|groups)|which iraqi militias"
N qw30 "sandstorm"
N qw31 "january 14|jan(uary)? 2017"
N qw32 "border (security )?force|30,000"
N qw33 "manbij"
N qw34 "west of mosul|month-long|may 29"
N qw35 "september 16|16 sept|wounding six|industrial zone"
N qw36 "mayadin|mayadeen"
N qw37 "conoco"
N qw38 "akashat|anbar"
N qw39 "abu layla|manbij[^\"]{0,60}2016"
N qw40 "muhassan"
N qw41 "fatemiyoun|afghan|albu kamal[^\"]{0,80}nov"
N qw42 "al-omar"
N qw43 "jordan"
N qw44 "saudi|riyadh"
N qw45 "manbij"
N qw46 "maskanah"
N qw47 "\\barak\\b"
N qw48 "tayyem"
