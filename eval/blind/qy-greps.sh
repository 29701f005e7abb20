# qy batch: greps for the answerable expect strings (qy01-qy18), then for the 30 unanswerable questions (qy19-qy48),
# then neighbour greps over the existing questions.
# Run from eval/blind:  bash qy-greps.sh > qy-greps.out 2>&1   (or from eval: bash blind/qy-greps.sh > blind/qy-greps.out)
# Same method as qx-greps.sh: the script copies corpus, distractors, pages and dated into a temporary folder with HTML
# tags replaced by spaces (so link targets and markup do not count), greps there, and deletes the copy. Paths in the
# output are relative to eval/.
# G lists the files that match each pattern (case-insensitive, ERE, one line at a time);
# C prints each match with up to 70 characters either side, for the hits that needed reading.
# For each unanswerable question the first patterns are its key names (broad: hits are read in the C output); the later
# ones are the answer-bearing facts (the ABSENT list of check_qy.py in qy-notes.md), which must all give "none".
# N (last section) greps eval/questions.jsonl (qx01-qx48 included) for the key words of every question of the batch
# and prints "id type | question" of each hit: the neighbours checked for duplicates.
cd "$(dirname "$0")/.." || exit 1
QF="$PWD/questions.jsonl"
T=$(mktemp -d /tmp/qy-greps.XXXXXX) || exit 1
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
# answerable: each expect string, in which files (must be the chosen briefing only; none in distractors, pages or dated)
G qy01 "Israel has not commented"
G qy02 "roughly half of them SDF veterans and the rest new recruits"
G qy03 "a sign that it expects to lose the city"
G qy04 "more likely to be slowed or partially reversed"
G qy05 "strengthen its claim to govern the mainly Arab towns"
G qy06 "the most serious clash between the coalition and pro-government forces"
G qy07 "the sheer weight of firepower the army can now concentrate"
G qy08 "that link cannot be made"
G qy09 'described as a "deterrence and reassurance" mission'
G qy10 "since September, a figure that cannot be verified" "a figure that cannot be verified"
G qy11 "The second assault was slower and better prepared"
G qy12 "within roughly 80 km of Deir ez-Zor from the west"
G qy13 'described the attack as "a flagrant violation of sovereignty"'
G qy14 "its partnership with the SDF has a price"
G qy15 "We expect the army to try to cross at Mayadin within days" "had been preparing to cross the Euphrates to reach the field"
G qy16 "will use it as evidence that its mission is unfinished" "saying that ISIL had been defeated"
G qy17 "claim the defeat of ISIL in Syria as its own achievement" "The declaration also serves a second purpose"
G qy18 "together with a group of US advisers" "supported by coalition air strikes, artillery and US-led advisers"
# off_domain
G qy19 "sairoon|sadr" "vote-counting|counting machines" "\\bmiru\\b" "korean (company|firm)[ ,]+(called|named|[a-z]+ (systems|electronics|co\\b))" "(machines|vote-counting)[^.]{0,80}(supplied|made|manufactured) by (the )?[a-z]+ (systems|electronics|corp)"
C qy19 "korean[^.]{0,60}"
G qy20 "independents?\\b" "independents?[^.]{0,80}[0-9]+ (of the [0-9]+ )?seats" "[0-9]+ seats[^.]{0,60}independents?" "independents? (candidates )?(won|took|secured|gained) ([0-9]+|about|around|some [0-9])"
C qy20 "independents?[^.]{0,60}"
G qy21 "hayat" "([0-9]+|several|a group of|dozens of|a handful of) (gunmen|attackers|militants|fighters)[^.]{0,100}(hayat|hotel)" "(hayat|hotel)[^.]{0,100}([0-9]+|several|a group of) (gunmen|attackers|militants)"
C qy21 "hayat[^.]{0,80}"
G qy22 "kalnins" "referee" "referee,? [a-z]+ [a-z]+,? (was|had been) (injured|hurt|replaced)" "replaced (the )?(injured )?(appointed )?referee,? [a-z]+ [a-z]+" "(appointed|original|injured) referee,? (named |called )?[a-z]+ [a-z]+ \\("
C qy22 "referee[^.]{0,60}"
G qy23 "corvane|\\baria\\b" "(uk|united kingdom|britain)[^.]{0,100}(£|pounds|gbp|[0-9.]+ ?(euros|pounds) a month)" "(£|pounds|gbp)[^.]{0,60}(aria|corvane)|(aria|corvane)[^.]{0,100}(£|pounds|gbp)"
C qy23 "uk planned[^.]{0,40}|aria costs[^.]{0,60}"
G qy24 "lyra" "designers (of|at|from) (apple|samsung|nokia|htc|motorola|google|huawei|sony|lg|blackberry)" "lyra[^.]{0,200}\\b(apple|samsung|nokia|htc|motorola|huawei|sony|blackberry)\\b"
C qy24 "designers[^.]{0,60}"
G qy25 "o.donnell-hart" "industry group" "\\b(ifpma|abpi|phrma|efpia)\\b" "industry group,? (the )?[a-z]+ (federation|association)" "(federation|association) of [a-z ]{0,30}pharmaceutical"
C qy25 "industry group[^.]{0,60}"
G qy26 "haemophilia" "company developing" "\\b(biomarin|valoctocogene|roctavian|spark therapeutics|uniqure|pfizer|sangamo|bayer)\\b" "company developing the therapy, [a-z]+" "(developing|developer of) (the|this) (gene )?therapy[^.]{0,40}(biomarin|pharma|therapeutics|biotech)" "(developed|made|run|sponsored|funded) by [a-z]+ (pharma|therapeutics|biotech|inc)"
C qy26 "company developing[^.]{0,80}|barts[^.]{0,60}"
G qy27 "marmolada" "marmolada[^.]{0,200}([0-9]+|several|dozens of) (people |hikers |climbers )?(were )?(injured|hurt|wounded)" "(injured|hurt|wounded)[^.]{0,100}marmolada"
C qy27 "marmolada[^.]{0,80}"
# missing_fact
G qy28 "qalamoun" "qalamoun[^.]{0,200}[0-9][0-9,]* (isil |isis |is |daesh |jihadist )?(fighters|militants) (were |had been )?(killed|dead)" "[0-9][0-9,]* (isil|isis|daesh) (fighters |militants )?(were |had been )?killed[^.]{0,150}(qalamoun|lebanese)" "(eight days|august (19|27))[^.]{0,150}[0-9][0-9,]* [a-z ]{0,20}(killed|dead)"
C qy28 "qalamoun[^.]{0,80}"
G qy29 "conoco" "(took|taken|captured|seized)[^.]{0,100}(conoco|gas plant)[^.]{0,100}[0-9][0-9,]* (sdf )?fighters" "[0-9][0-9,]* sdf fighters[^.]{0,150}(conoco|gas plant)" "(conoco|gas plant)[^.]{0,150}[0-9][0-9,]* sdf fighters"
C qy29 "[0-9][0-9,]* (sdf )?fighters[^.]{0,60}"
G qy30 "halted" "halted work[^.]{0,80}(for [0-9a-z]+ (hours|minutes|days)|[0-9]+ (hours|minutes))" "work at the dam (resumed|restarted)" "(hours|minutes|days?) (later|after)[^.]{0,60}(resumed|restarted)"
C qy30 "halted[^.]{0,80}"
G qy31 "neighbourhoods?" "five neighbourhoods[^.]{0,10}(:|including|namely|\\()" "neighbourhoods? (of|including) [a-z-]+(,| and) [a-z-]+" "(controlled|held) (parts of )?the [a-z-]+ (and|,) [a-z-]+ (neighbourhoods|districts)"
C qy31 "neighbourhoods?[^.]{0,80}"
G qy32 "jazira storm" "(jazira storm|september (9|10)|industrial zone)[^.]{0,200}([0-9]+|dozens of|several|a number of) villages" "([0-9]+|dozens of|several) villages[^.]{0,200}(jazira|industrial zone|eastern bank|deir ezzor)"
C qy32 "villages[^.]{0,60}"
G qy33 "(al-bukamal|albu kamal|abu kamal|bukamal)[^.]{0,200}[0-9][0-9,]* (isil |isis |daesh )?(fighters|militants) (were |had been )?killed" "[0-9][0-9,]* (isil|isis|daesh) (fighters |militants )?(were |had been )?killed[^.]{0,150}(bukamal|abu kamal|albu kamal)" "(second assault|november 19)[^.]{0,200}[0-9][0-9,]* [a-z ]{0,20}(killed|dead)"
C qy33 "(second assault|november 19)[^.]{0,100}"
G qy34 "104th" "104th brigade[^.]{0,20}(numbered|numbering|of about|of roughly|of some|with about|,? (some|about|roughly) [0-9])" "[0-9][0-9,]*[- ](strong|man) (republican guard('s)? )?104th" "104th brigade[^.]{0,60}[0-9][0-9,]* (troops|soldiers|men)"
C qy34 "104th[^.]{0,60}"
# capital (unanswerable)
G qy35 "al-hari" "(turkey|turkish|ankara)[^.]{0,200}(al-hari|kataib|\\bpmu\\b|popular mobili)" "(al-hari|kataib hezbollah|\\bpmu\\b)[^.]{0,200}(turkey|turkish|ankara)"
C qy35 "al-hari[^.]{0,80}"
G qy36 "roundup" "(russia|russian|moscow|kremlin)[^.]{0,200}(roundup|dashisha)" "(roundup|dashisha)[^.]{0,200}(russia|russian|moscow|kremlin)"
G qy37 "f-22|su-25" "(iraq|iraqi|baghdad)[^.]{0,200}(f-22|su-25|intercept|warning flares)" "(f-22|su-25|intercept|warning flares)[^.]{0,200}(iraq|iraqi|baghdad)"
C qy37 "(f-22|su-25)[^.]{0,80}"
# near_topic
G qy38 "markad|margada"
G qy39 "shuhayl|shuhail|shheil|suhayl"
G qy40 "\\bt-?2\\b" "t-?2 (pumping )?station|\\bt-?2\\b[^.]{0,60}(pipeline|station|pumping)" "pumping station[^.]{0,100}(albu kamal|abu kamal|bukamal|pipeline|iraq)"
C qy40 "\\bt-?2\\b[^.]{0,60}|pumping station[^.]{0,60}"
G qy41 "hawijat" "hawijat kati|kati island|hawijat[^.]{0,10}kati"
C qy41 "hawijat[^.]{0,60}"
# wrong_actor
G qy42 "cratered" "(hezbollah|hizballah|nasrallah)[^.]{0,150}(said|condemned|called|described|denounced|accused|statement)[^.]{0,150}(cratered|convoy|buses|road|bridge|strand)" "(cratered|stranding|stranded|the buses|the road)[^.]{0,200}(hezbollah|hizballah|nasrallah)[^.]{0,60}(said|condemned|called|described|accused)"
C qy42 "(hezbollah|hizballah)[^.]{0,30}(said|called|condemned|media)[^.]{0,80}"
G qy43 "khasham" "(sdf|syrian democratic forces)[^.]{0,60}(said|called|described|condemned|accused|statement|thanked)[^.]{0,150}(khasham|attack|headquarters|pro-government force)" "(khasham|headquarters)[^.]{0,150}(sdf|syrian democratic forces) (said|called|described|condemned|accused)"
C qy43 "(sdf|syrian democratic forces) (said|called|described|officials said)[^.]{0,80}"
G qy44 "(hezbollah|hizballah|nasrallah)[^.]{0,200}hajin" "hajin[^.]{0,200}(hezbollah|hizballah|nasrallah)"
G qy45 "iraqi air" "(israel|israeli)[^.]{0,200}(iraqi air force|iraqi (jets|air strikes)|air strikes inside syria)" "(iraqi air force|iraqi air strikes|iraqi jets)[^.]{0,200}(israel|israeli)"
C qy45 "israel[^.]{0,80}"
# unanswerable_period
G qy46 "hajin" "hajin[^.]{0,250}\\b2016\\b" "\\b2016\\b[^.]{0,250}hajin"
G qy47 "ain issa" "ain issa[^.]{0,250}\\b2015\\b" "\\b2015\\b[^.]{0,250}ain issa"
C qy47 "ain issa[^.]{0,80}"
G qy48 "tal afar|tal-afar|talafar" "tal.?afar[^.]{0,250}\\b2016\\b" "\\b2016\\b[^.]{0,250}tal.?afar"
C qy48 "tal.?afar[^.]{0,80}"

# neighbours in eval/questions.jsonl (key words of each question; the hits were read, see qy-notes.md)
N qy01 "israel[^\"]{0,120}(al-hari|hashd|pmu|militia)|(al-hari|hashd|pmu|militia)[^\"]{0,120}israel|comment"
N qy02 "veteran|recruit|border (security )?force"
N qy03 "bureaucra|beaurocra|administration|families[^\"]{0,40}(mayadin|south-east)"
N qy04 "revers|slowed|in full|(pull|withdraw)[^\"]{0,80}(believe|doubt|really)"
N qy05 "arab (towns|villages|communities)|govern|run the"
N qy06 "most serious|rank|biggest clash|worst clash"
N qy07 "firepower|quick|fast|ten days"
N qy08 "link ?up|join(ing)? (up|hands)|hook up|linking"
N qy09 "pentagon|deterrence|flag"
N qy10 "verif|1,000|killed in the battle for"
N qy11 "second (assault|attempt|go|time)|better prepared|slower"
N qy12 "maadan|80 km"
N qy13 "flagrant|sovereignty|convoy[^\"]{0,80}(damascus|syrian)"
N qy14 "price|afrin[^\"]{0,80}(ankara|turkey)"
N qy15 "cross(ing)?[^\"]{0,40}(mayadin|al-omar)|(mayadin|al-omar)[^\"]{0,60}cross"
N qy16 "unfinished|evidence|mission|defeated"
N qy17 "declaration|declared|proclaim|victory"
N qy18 "advis"
N qy19 "sadr|sairoon|korean|counting"
N qy20 "independent|83|turnout|halbousi"
N qy21 "hayat|shabaab|mogadishu"
N qy22 "referee|kyiv|portalegre|lancaster"
N qy23 "aria|corvane"
N qy24 "lyra"
N qy25 "o.donnell|antibiotic|drug-resistant|pull incentive"
N qy26 "haemophilia|gene therapy|barts"
N qy27 "marmolada|glacier|dolomites"
N qy28 "qalamoun"
N qy29 "conoco|gas plant"
N qy30 "tabqa dam|the dam|halt"
N qy31 "neighbourhood|neighborhood|june 19|19 june"
N qy32 "jazira|industrial zone|villages"
N qy33 "(bukamal|abu kamal|albu kamal)[^\"]{0,120}(killed|died|dead)"
N qy34 "104th|7,000|garrison"
N qy35 "al-hari|kataib"
N qy36 "roundup|dashisha"
N qy37 "f-22|su-25|flares"
N qy38 "markad|margada"
N qy39 "shuhayl|shuhail"
N qy40 "t-?2\\b|pumping|pipeline"
N qy41 "hawijat|island"
N qy42 "cratered|strand|bus(es)?\\b"
N qy43 "khasham"
N qy44 "hajin[^\"]{0,80}(fall|fell|took|centre|dec)|hezbollah[^\"]{0,80}hajin"
N qy45 "iraqi (air|jets)|air force"
N qy46 "hajin[^\"]{0,120}(201[0-6])|(201[0-6])[^\"]{0,120}hajin"
N qy47 "ain issa"
N qy48 "tal afar"
