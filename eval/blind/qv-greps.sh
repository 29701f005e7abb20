# qv batch: greps for the 30 unanswerable questions (qv19-qv48), then neighbour greps over the existing questions.
# Run from eval/blind:  bash qv-greps.sh > qv-greps.out 2>&1
# Adapted from qu-greps.sh (same method). The script copies corpus, distractors, pages and dated into a temporary
# folder with HTML tags replaced by spaces (so link targets and markup do not count), greps there, and deletes the
# copy. Paths in the output are relative to eval/.
# G lists the files that match each pattern (case-insensitive, ERE, one line at a time);
# C prints each match with up to 70 characters either side, for the hits that needed reading.
# The first patterns of each question are its key names and figures (broad: hits are read in the C output);
# the later ones are the answer-bearing facts (the ABSENT list of the check script in qv-notes.md), which must all
# give "none".
# N (last section) greps eval/questions.jsonl (which now also holds qu01-qu48) for the key words of every question
# of the batch (answerable ones included) and prints "id type | question" of each hit: the neighbours checked for
# duplicates.
cd "$(dirname "$0")/.." || exit 1
QF="$PWD/questions.jsonl"
T=$(mktemp -d /tmp/qv-greps.XXXXXX) || exit 1
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
G qv19 "quill" "language model" "licen[cs]e" "\\b(openai|anthropic|cohere|mistral ai|deepmind|gpt-[0-9]|claude|gemini|llama)\\b" "licen[cs]es?[^.]{0,60}from [a-z]+ (ai|labs|inc|technologies)" "(language model|llm)[^.]{0,80}(made|built|developed) by [a-z]+"
C qv19 "licen[cs]e[^.]{0,80}|language model[^.]{0,60}"
G qv20 "kronauer" "battery-electric|electric models?" "kronauer[^.]{0,150}\\b(has|had) (launched|released|brought)" "(battery-electric|electric) models?[^.]{0,80}(launched so far|on sale|were launched|had been launched|in showrooms)" "kronauer[^.]{0,200}\\b(2021|2022|2023)\\b[^.]{0,80}(launched|sold|delivered)"
C qv20 "battery-electric[^.]{0,80}|by 2022[^.]{0,60}"
G qv21 "soyuz" "hague-morton|ovchinin" "in the spring" "soyuz[^.]{0,200}(december|ms-11)|(december 3|3 december)[^.]{0,100}(soyuz|crew|launch)" "(next|new) crew(ed)? (launch|flight|mission)[^.]{0,80}(took place|launched|lifted off|flew|was launched)" "soyuz[^.]{0,150}(resumed|returned to flight|flew again)"
C qv21 "in the spring[^.]{0,40}|crewed launch[^.]{0,80}|soyuz[^.]{0,60}"
G qv22 "panjshir" "amrullah saleh|saleh" "tajikistan" "saleh[^.]{0,150}(tajikistan|dushanbe|fled to|arrived in|reached|turned up|surfaced)" "(tajikistan|dushanbe)[^.]{0,150}(saleh|massoud)" "massoud[^.]{0,100}(fled to|arrived in|in tajikistan|in dushanbe|surfaced)"
C qv22 "saleh[^.]{0,120}|tajikistan[^.]{0,60}"
G qv23 "lidar" "foundation" "pacunam|patrimonio cultural" "foundation,? (called|named|known as)" "[a-z]+ foundation[^.]{0,80}(lidar|maya|pet[eé]n|laser)"
C qv23 "foundation[^.]{0,80}"
G qv24 "bouhaddouz" "saransk" "portugal" "saransk[^.]{0,150}([0-9]-[0-9]|drew|draw|beat|won|lost|eliminat|knocked out)" "([0-9]-[0-9]|drew|draw|beat|lost to|eliminat|knocked out)[^.]{0,100}saransk" "iran[^.]{0,60}(eliminated|knocked out|went out|reached the (round|last)|round of 16|last 16)" "(quaresma|ansarifard|ronaldo)[^.]{0,100}(penalty|goal|scored)"
C qv24 "saransk[^.]{0,60}|portugal[^.]{0,60}"
G qv25 "minus 37|cushing" "rigs?\\b" "\\b(1[0-9]{2}|2[0-9]{2}|3[0-9]{2}) (active )?(oil )?rigs" "rigs?[^.]{0,100}(june|july) 2020" "rig count[^.]{0,100}(june|july|record low|lowest)"
C qv25 "rigs?\\b[^.]{0,60}"
G qv26 "marlow" "tidewater|200 to 300 million" "marlow (said|reported|put|booked|estimated)[^.]{0,150}(million|billion)" "(quarterly|half-year|annual) (results|report|loss)[^.]{0,150}(cyber|marlow|malware)" "(cyber|malware)attack[^.]{0,80}(had )?cost (it|the company|marlow)"
C qv26 "cost to marlow[^.]{0,60}|ransom[^.]{0,60}"
G qv27 "williamsburg" "elimination" "(lost|kept|retained|maintained|keep|keeps|lose) (its )?(measles )?[\"\\']?elimination[\"\\']? status[^.]{0,60}(in|after|when|despite) (2019|2020|october)" "elimination status[^.]{0,80}(was lost|lost|kept|retained|maintained|preserved|survived)" "measles[^.]{0,100}(declared eliminated|elimination)[^.]{0,60}(2020|retained|kept|lost)"
C qv27 "elimination[^.]{0,60}"
# missing_fact
G qv28 "lake assad" "southern bank" "abu hur[a-z]*|al-karin|qalat ja.?bar|ja.?bar castle|al-?mansura" "(lake assad|tabqa|southern bank)[^.]{0,200}(village|town|hamlet|peninsula) of" "(village|town|hamlet|peninsula) of [a-z-]+[^.]{0,150}(lake assad|tabqa|southern bank)"
C qv28 "landed them[^.]{0,80}|southern bank[^.]{0,60}"
G qv29 "khasham" "hours" "(khasham|attack|strikes?|barrage|air and artillery)[^.]{0,150}\\b(two|three|four|five|six|seven|eight|[2-9]) hours" "\\b(two|three|four|five|six|seven|eight|[2-9]) hours of (air|strikes|artillery|bombing)" "(strikes?|barrage|bombardment)[^.]{0,60}(lasted|went on|continued) (for )?[^.]{0,20}hours"
C qv29 "hours[^.]{0,60}"
G qv30 "special forces" "[0-9,]+ (russian )?special (forces|operations)" "special forces[^.]{0,60}(numbered|numbering|about [0-9]|some [0-9]|[0-9,]+ (troops|soldiers|men|operators))" "(hundreds|dozens) of (russian )?special forces"
C qv30 "special forces[^.]{0,60}"
G qv31 "20 small villages|villages and farms" "tal saman|tal samen|al-?hisha|kharufi|jurn|mahmudl|bir sa.?id|tal abyad|suluk" "(20 small villages|villages and farms|small villages)[^.]{0,120}(including|such as|named|:)" "villages? (of|called|named) [a-z-]+[^.]{0,80}(raqqa|ain issa|november)"
C qv31 "villages and farms[^.]{0,60}|20 small villages[^.]{0,80}"
G qv32 "second assault" "al-bukamal|albu kamal|abu kamal" "second assault[^.]{0,150}(began|started|launched|opened|on november [0-9]+|november [0-9]+|[0-9]+ november)" "(began|launched|started|opened) (a|the|its) second (assault|attack|push)[^.]{0,80}(on|november)" "(november 1[2-8]|1[2-8] november)[^.]{0,150}(al-bukamal|albu kamal|abu kamal)"
C qv32 "second assault[^.]{0,100}"
G qv33 "70 km north-east" "june 9|9 june" "al-?zaza|zkuf|jabal ghurab|tal sirat|umm ?al-?rimal|wadi al-?walid|\\bt-?2 (pumping|station)" "reached the (syrian-iraqi|iraqi) border (at|near) (the )?(village|town|post|outpost|crossing|station|area) (of|called|named)" "(june 9|9 june)[^.]{0,200}(border (post|outpost)|pumping|station) (of|called|named|at) [a-z-]+"
C qv33 "70 km north-east[^.]{0,60}"
G qv34 "iraqi air force|iraqi jets|iraqi f-16" "mid-april" "iraqi (air force|aircraft|jets|f-16s?|warplanes)[^.]{0,150}(first (strike|raid|air strike)|on april [0-9]+|[0-9]+ april|april [0-9]+)" "(first (strike|raid|air strike)|on april [0-9]+|[0-9]+ april)[^.]{0,100}iraqi (air force|aircraft|jets|f-16|warplanes)" "(february|february 2017|2017)[^.]{0,100}iraqi (air force|f-16)[^.]{0,80}syria"
C qv34 "iraqi air force[^.]{0,100}|mid-april[^.]{0,40}"
# capital (unanswerable)
G qv35 "al-omar" "iran|tehran" "(iran|iranian|tehran)[^.]{0,200}(al-omar|omar field)" "(al-omar|omar field)[^.]{0,200}(iran|iranian|tehran)[^.]{0,80}(said|condemn|accus|react|denounc|protest|call|welcom)"
C qv35 "iran[^.]{0,60}(fields|oil)[^.]{0,60}"
G qv36 "general staff|december 6" "ankara" "(turkey|turkish|ankara|erdogan)[^.]{0,200}(december 6|general staff|both banks|completely defeated|russia.s (claim|declaration))" "(december 6|general staff|both banks|completely defeated|russia.s (claim|declaration))[^.]{0,200}(turkey|turkish|ankara|erdogan)"
C qv36 "general staff[^.]{0,100}"
G qv37 "tabqa|lake assad|airlift" "turkish objections" "(turkey|turkish|ankara|erdogan)[^.]{0,150}(tabqa|lake assad|airlift)" "(tabqa|lake assad|airlift)[^.]{0,150}(turkey|turkish|ankara|erdogan)"
C qv37 "turkish objections[^.]{0,40}"
# near_topic
G qv38 "russian (forces|troops|general)" "general" "surovikin|dvornikov|zhuravlev|kartapolov|asapov|group of forces" "commander of (the )?russian (forces|group|contingent|troops)" "russian (forces|troops|contingent|group) in syria[^.]{0,60}(command|led by|headed by)"
C qv38 "russian general[^.]{0,80}|commander[^.]{0,60}"
G qv39 "massacre" "baghaliy|bughayl|baghiliy|bughaylia|baghaliya" "massacre[^.]{0,120}(deir|dayr|2016)" "(deir|dayr)[^.]{0,120}massacre"
C qv39 "massacre[^.]{0,80}"
G qv40 "inherent resolve|cjtf" "commander" "townsend|\\bfunk\\b|lagrange|votel|harrigian|dunford" "(inherent resolve|cjtf|coalition)[^.]{0,80}(commander|commanded by|led by|headed by)" "(lt\\.?|lieutenant) gen(eral|\\.)? [a-z]+"
C qv40 "inherent resolve[^.]{0,60}"
G qv41 "euphrates shield" "al-bab" "jarablus|jerablus|carablus" "euphrates shield[^.]{0,150}(august 2016|24 august|august 24|began|launched)"
C qv41 "euphrates shield[^.]{0,60}|al-bab[^.]{0,60}"
# wrong_actor
G qv42 "france|french|macron" "european governments|not consulted" "(france|french|paris|macron|le drian|parly)[^.]{0,200}syria" "(withdraw|pull)[^.]{0,100}syria[^.]{0,200}(france|french|macron|le drian|parly)" "(european|coalition partners?|allies)[^.]{0,100}(said|warned|regret|criticis|condemn|called)[^.]{0,100}(withdraw|pull)"
C qv42 "(france|french|macron)[^.]{0,80}|european governments[^.]{0,60}"
G qv43 "convoy|buses" "iraqi officials" "(pmu|popular mobili[sz]ation|hashd)[^.]{0,200}(convoy|buses|qalamoun|stranded|cratered)" "(convoy|buses|qalamoun|stranded|cratered)[^.]{0,200}(pmu|popular mobili[sz]ation|hashd)"
C qv43 "iraqi officials[^.]{0,100}"
G qv44 "raqqah?" "iran|iranian|tehran" "(iran|iranian|tehran)[^.]{0,200}(raqqah?|liberation)[^.]{0,100}(said|welcom|condemn|react|call|describ|dismiss)" "(raqqah?|liberation)[^.]{0,200}(iran|iranian|tehran)[^.]{0,60}(said|welcom|condemn|react|call|describ|dismiss)"
C qv44 "for turkey[^.]{0,80}|ankara has already[^.]{0,80}"
G qv45 "al-hari" "kataib hezbollah" "nasrallah" "(lebanese hezbollah|lebanese hizballah|nasrallah|hezbollah (said|condemned|blamed|vowed|accused|called|threatened)|hizballah (said|condemned|blamed|vowed|accused|called))[^.]{0,200}(al-hari|pmu|kataib|albu kamal|june 2018|strike)" "(al-hari|pmu|kataib|albu kamal)[^.]{0,200}(nasrallah|lebanese hezbollah|al-manar|hezbollah (said|condemned|blamed|vowed|accused))"
C qv45 "nasrallah[^.]{0,80}|kataib hezbollah[^.]{0,60}"
# unanswerable_period
G qv46 "ain issa" "peace spring" "ain issa[^.]{0,250}\\b2019\\b" "\\b2019\\b[^.]{0,250}ain issa"
C qv46 "ain issa[^.]{0,60}|peace spring[^.]{0,60}"
G qv47 "zakf" "zakf[^.]{0,250}\\b2018\\b" "\\b2018\\b[^.]{0,250}zakf"
C qv47 "zakf[^.]{0,80}"
G qv48 "maadan" "maadan[^.]{0,250}\\b2018\\b" "\\b2018\\b[^.]{0,250}maadan"
C qv48 "maadan[^.]{0,80}"

# neighbours in eval/questions.jsonl (key words of each question; the hits were read, see qv-notes.md)
N qv01 "partner force|push north|fight their way|(rebel|partner)[^\"]{0,60}(north|up)"
N qv02 "rate of progress|several more months|how long until|speed"
N qv03 "militia[^\"]{0,80}(highway|baghdad road|damascus-baghdad)|test how far|probe"
N qv04 "energy map|oil map|carve-up|follows the (river|euphrates)"
N qv05 "premature|jump|over-hasty|claim(ed|ing)? the (frontier|border) town|november 9"
N qv06 "sukhnah|obstacle|desert town"
N qv07 "border (security )?force|frontier (force|guard)"
N qv08 "su-25|f-22|air incident|close calls|near-miss"
N qv09 "roundup"
N qv10 "prize|biggest prize|conoco piece"
N qv11 "conoco[^\"]{0,120}(daesh|isil|isis)|giving up|fields it can"
N qv12 "mayadin|mayadeen"
N qv13 "khasham|conoco plant|kremlin[^\"]{0,80}(2018|feb)"
N qv14 "nov(ember)? 2016|isolation op|ankara[^\"]{0,60}raqqa"
N qv15 "sell|sold|intermediar"
N qv16 "districts|fully (retaken|under)|90 percent"
N qv17 "withdraw|pull(ing)? out|pull-out"
N qv18 "iranian (officer|adviser)|advis"
N qv19 "quill"
N qv20 "kronauer|diesel"
N qv21 "soyuz"
N qv22 "panjshir|saleh|massoud"
N qv23 "lidar|maya\\b|guatemal"
N qv24 "morocco|iran[^\"]{0,40}(spain|portugal)|world cup"
N qv25 "wti|rig"
N qv26 "marlow"
N qv27 "measles"
N qv28 "lake assad|airlift|tabqa landing"
N qv29 "khasham"
N qv30 "special forces"
N qv31 "villages|ain issa"
N qv32 "al-bukamal|albu kamal|abu kamal"
N qv33 "june 9|9 june|reached the (syrian-iraqi|iraqi) border|frontier"
N qv34 "iraqi (air force|jets|warplanes|f-16)|air strikes inside syria"
N qv35 "al-omar"
N qv36 "december 2017[^\"]{0,100}(claim|defeat|beaten)|general staff|both banks"
N qv37 "tabqa|lake assad"
N qv38 "russian general|commander"
N qv39 "massacre"
N qv40 "inherent resolve|commander|american general"
N qv41 "jarablus|euphrates shield"
N qv42 "france|french|european"
N qv43 "convoy|buses"
N qv44 "raqqah?[^\"]{0,80}(liberat|react|fall)"
N qv45 "al-hari"
N qv46 "ain issa"
N qv47 "zakf"
N qv48 "maadan"
