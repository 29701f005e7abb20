# qt batch: greps for the 30 unanswerable questions (qt19-qt48), then neighbour greps over the existing questions.
# Run from eval/blind:  bash qt-greps.sh > qt-greps.out 2>&1
# Adapted from qs-greps.sh (same method). The script copies corpus, distractors, pages and dated into a temporary
# folder with HTML tags replaced by spaces (so link targets and markup do not count), greps there, and deletes the
# copy. Paths in the output are relative to eval/.
# G lists the files that match each pattern (case-insensitive, ERE, one line at a time);
# C prints each match with up to 70 characters either side, for the hits that needed reading.
# The first patterns of each question are its key names and figures (broad: hits are read in the C output);
# the later ones are the answer-bearing facts, which must give "none".
# N (last section) greps eval/questions.jsonl for the key words of every question of the batch (answerable ones
# included) and prints "id type | question" of each hit: the neighbours checked for duplicates.
cd "$(dirname "$0")/.." || exit 1
QF="$PWD/questions.jsonl"
T=$(mktemp -d /tmp/qt-greps.XXXXXX) || exit 1
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
G qt19 "lindholm|kova[cč]" "runner-up[^.]{0,100}(£|pounds|million)" "(£|pounds)[^.]{0,60}(runner-up|beaten finalist|loser|kova)" "kova[cč][^.]{0,60}(received|earned|took home|collected|pocketed|gets|got)[^.]{0,40}(£|million)" "prize money[^.]{0,80}(runner|finalist|kova)"
C qt19 "prize money[^.]{0,60}|kova[cč][^.]{0,60}"
G qt20 "edgbaston" "lord's" "face value" "(lord's|edgbaston|world cup final|the final)[^.]{0,150}tickets?[^.]{0,100}(originally|priced at|cost|sold at|on sale for)" "(£|pounds) ?[0-9][0-9,]*[^.]{0,40}(face|official price|original price)"
C qt20 "tickets?[^.]{0,80}"
G qt21 "meridian aerospace" "coating" "coating[^.]{0,150}(worked|reduced|fainter|dimmer|less bright|results?|succeed|failed|darker than)" "(darker|dark) (coating|satellite)[^.]{0,150}(magnitude|brightness)" "(worked|reduced|fainter|dimmer)[^.]{0,80}coating"
C qt21 "coating[^.]{0,80}|streaks?[^.]{0,60}"
G qt22 "nowicki" "krak[oó]w" "nowicki[^.]{0,150}\b(called|named)\b" "studio,? (called|named)\b" "\b(title|game) (called|named)\b" "krak[oó]w-based"
C qt22 "nowicki[^.]{0,80}|studio[^.]{0,60}"
G qt23 "price cap" "refined products|diesel" "(refined products|diesel)[^.]{0,150}\\$ ?[0-9]+" "\\$ ?[0-9]+[^.]{0,80}(refined products|diesel)" "(premium|discount)-to-crude"
C qt23 "refined products[^.]{0,80}|diesel[^.]{0,60}"
G qt24 "42,000" "importers?" "importers?[^.]{0,150}(convicted|sentenced|found guilty|jailed|executed)" "(convicted|sentenced|found guilty|jailed|executed)[^.]{0,150}importers?" "[0-9]+ importers"
C qt24 "importers?[^.]{0,80}"
G qt25 "ganja" "missile" "ganja[^.]{0,200}(scud|tochka|smerch|iskander|ballistic|fired from|launched from)" "\b(scud|tochka|smerch|iskander|elbrus)\b" "missile[^.]{0,60}(fired from|launched from|type)"
C qt25 "missiles?[^.]{0,80}"
G qt26 "bekaa" "central bank[^.]{0,80}(dollars|market rate)" "(central bank|banque du liban)[^.]{0,150}(agreed|allowed|approved|rejected|refused)" "(agreed|allowed|approved)[^.]{0,100}(in dollars|dollar payments|market rate)" "refugees[^.]{0,60}(paid|receive[sd]?)[^.]{0,30}(in dollars|at a market rate)"
C qt26 "central bank[^.]{0,80}|negotiations continue"
G qt27 "census" "online" "census[^.]{0,200}([0-9]+(\.[0-9]+)?%|[0-9]+ per ?cent)[^.]{0,60}(completed|filled|submitted) online" "(completed|filled in|submitted)[^.]{0,40}online[^.]{0,80}([0-9]+(\.[0-9]+)?%|[0-9]+ percent|million)" "(final|in the end|eventually)[^.]{0,100}online (forms|returns|responses)"
C qt27 "census[^.]{0,40}online[^.]{0,60}|online[^.]{0,40}census[^.]{0,40}|forms had been submitted[^.]{0,40}"
# missing_fact
G qt28 "tabqa (air ?base|airfield)" "(took|taken|captured|seized|control of)[^.]{0,60}tabqa (air ?base|airfield|military airport)" "tabqa (air ?base|airfield)[^.]{0,80}(fell|was taken|was captured|captured|seized|on (march|april|may) [0-9]+)"
C qt28 "tabqa (air ?base|airfield)[^.]{0,60}|airbase[^.]{0,40}"
G qt29 "three axes" "axes|axis" "three axes[^.]{0,40}[:;(]" "(axis|axes)[^.]{0,80}(tal abyad|suluk|karama|hisha|jurn|ayn issa)" "\b(first|second|third) axis\b" "\b(tal abyad|suluk|hisha|al-karama)\b"
C qt29 "(axis|axes)[^.]{0,60}"
G qt30 "artillery" "(french|marines?|himars|m777|howitzers?)[^.]{0,150}(hajin|sdf|coalition artillery)" "(hajin|sdf|roundup)[^.]{0,150}(french|marines?|himars|m777|howitzers?)" "artillery[^.]{0,60}(provided|fired|operated|manned) by"
C qt30 "artillery[^.]{0,60}"
G qt31 "turkish forces shelled" "shell(ed|ing)[^.]{0,150}(kobani|kobane|ain al-arab|tal abyad|tell abyad|zor maghar|ras al-ain|qamishli|darbasiyah|derbasiyah)" "(kobani|kobane|ain al-arab|tal abyad|zor maghar|ras al-ain)[^.]{0,150}(shell|turkish)"
C qt31 "(turkish|turkey)[^.]{0,30}shell(ed|ing)[^.]{0,100}"
G qt32 "air ?drops?" "air ?drops?[^.]{0,150}(resumed|restarted|started again|began again)" "(resumed|restarted|restart)[^.]{0,100}air ?drops?" "drops? (resumed|restarted)"
C qt32 "air ?drops?[^.]{0,80}"
G qt33 "hajin" "(sdf|syrian democratic forces)[^.]{0,100}(lost|killed) (about |more than |some |over )?[0-9][0-9,]*[^.]{0,60}(fighters|members)" "[0-9]+ (sdf )?fighters (were |had been )?killed[^.]{0,100}(hajin|since september|three months)" "hajin[^.]{0,150}[0-9]+ (sdf )?(fighters|members) (were |had been )?killed"
C qt33 "(killed|losses|dead)[^.]{0,60}"
G qt34 "military council" "shaitat|sheitaat|shuaytat|baggara|bakkara|akidat|ageidat|uqaydat|egaidat|jabour|jubur|bu saraya|busaraya|shammar" "military council[^.]{0,200}tribes? (of|such as|including|like)" "tribes?,? (such as|including|like) (the )?[a-z]+"
C qt34 "tribe[a-z]*[^.]{0,60}"
# capital (unanswerable)
G qt35 "saudi|riyadh" "(saudi|riyadh)[^.]{0,200}(bukamal|albu kamal|abu kamal|corridor|land route)" "(bukamal|albu kamal|abu kamal|corridor|land route)[^.]{0,200}(saudi|riyadh)"
C qt35 "(saudi|riyadh)[^.]{0,80}"
G qt36 "olive branch|afrin" "(iran|iranian|tehran)[^.]{0,200}(afrin|olive branch)" "(afrin|olive branch)[^.]{0,200}(iran|iranian|tehran)"
C qt36 "(iran|tehran)[^.]{0,120}(turk|afrin|olive)[^.]{0,40}|(afrin|olive branch)[^.]{0,80}"
G qt37 "manbij" "manbij[^.]{0,200}(damascus|syrian government)[^.]{0,100}(protest|condemn|denounc|said)" "(damascus|syrian government|syrian foreign ministry)[^.]{0,150}(protest|condemn|denounc)[^.]{0,150}(manbij|patrol|us troops)" "(patrol|american flags|deterrence and reassurance)[^.]{0,200}(damascus|syrian government|syrian foreign ministry)"
C qt37 "patrol[a-z]*[^.]{0,60}|damascus[^.]{0,60}"
# near_topic
G qt38 "sheitaat|shaitat|shuaytat|shuaitat|abu hamam|kishkiyah" "massacre"
C qt38 "massacre[^.]{0,60}"
G qt39 "ramadi" "anbar"
C qt39 "anbar[^.]{0,60}"
G qt40 "tal abyad|tell abyad|tal abiad|gire spi"
G qt41 "zahreddine|zahreddin|zahr al-?din|\bissam\b" "republican guard"
C qt41 "republican guard[^.]{0,60}"
# wrong_actor
G qt42 "several hundred people" "(iraq|iraqi|baghdad)[^.]{0,200}(october 14|several hundred people|leave the city|evacuat)" "(october 14|several hundred people|locally brokered)[^.]{0,250}(iraq|iraqi|baghdad)"
C qt42 "locally brokered deal[^.]{0,80}|condemned the deal[^.]{0,60}"
G qt43 "wounding six" "(syrian government|damascus|syrian foreign ministry|state media|\bsana\b)[^.]{0,200}(strike on sdf|struck sdf|wounding six|september 16)" "(september 16|wounding six|struck sdf positions)[^.]{0,200}(syrian government|damascus|syrian foreign ministry)"
C qt43 "september 16[^.]{0,80}"
G qt44 "border security force|terror army" "(hezbollah|hizballah|nasrallah)[^.]{0,200}(border (security )?force|30,000|terror army)" "(border (security )?force|30,000|terror army)[^.]{0,200}(hezbollah|hizballah|nasrallah)"
C qt44 "[^.]{0,80}oppose[^.]{0,40}"
G qt45 "qalamoun" "(israel|israeli)[^.]{0,200}(qalamoun|buses|convoy|bus deal)" "(qalamoun|buses)[^.]{0,200}(israel|israeli)"
C qt45 "israel[a-z]*[^.]{0,80}"
# unanswerable_period
G qt46 "tabqa|lake assad" "tabqa[^.]{0,250}\b2018\b" "\b2018\b[^.]{0,250}tabqa" "(lake assad|tabqa dam)[^.]{0,200}\b(2018|2019)\b"
C qt46 "(lake assad|tabqa dam)[^.]{0,80}"
G qt47 "tiger forces?" "tiger forces?[^.]{0,250}\b2018\b" "\b2018\b[^.]{0,250}tiger forces?"
C qt47 "tiger forces?[^.]{0,60}"
G qt48 "jafra" "jafra[^.]{0,250}\b(2018|2019)\b" "\b2018\b[^.]{0,250}jafra" "jafra[^.]{0,150}(barrels|bpd|producing|output)"
C qt48 "jafra[^.]{0,60}"

# neighbours in eval/questions.jsonl (key words of each question; the hits were read, see qt-notes.md)
N qt01 "tempted|resolve|de-?confliction line" 
N qt02 "palmyra"
N qt03 "hashd|pmu[^\"]{0,60}(border|frontier|cross)"
N qt04 "sukhnah|east bank[^\"]{0,60}cross"
N qt05 "roundup|border-first|rather than at the main"
N qt06 "border (security )?force|frontier force|30,000"
N qt07 "raqqah|capital[^\"]{0,40}(lost|loss|hurt)"
N qt08 "al-hari"
N qt09 "shahed|f-15e|drone"
N qt10 "al-qaim"
N qt11 "split|cut in two|airport"
N qt12 "mayadin|mayadeen"
N qt13 "iraqi air|baghdad[^\"]{0,80}(roundup|air strikes|border)"
N qt14 "tanf[^\"]{0,80}(iran|tehran)|(iran|tehran)[^\"]{0,80}tanf|zakf"
N qt15 "drone"
N qt16 "su-22|tabqa"
N qt17 "khasham|t-72|tank"
N qt18 "tunnel|sleeper|minefield|car bomb|counterattack"
N qt19 "wimbledon|lindholm"
N qt20 "cricket|edgbaston|lord's|ticket"
N qt21 "satellite|meridian|astronom"
N qt22 "app store|nowicki|krak"
N qt23 "price cap|urals|seaborne|refined"
N qt24 "importer|rial|iran's inflation"
N qt25 "ganja|karabakh|azerbaijan"
N qt26 "bekaa|lebanese pound|refugee"
N qt27 "census"
N qt28 "tabqa"
N qt29 "ain issa|axes|isolate raqqa|cut off raqqa|november 2016"
N qt30 "hajin[^\"]{0,120}(artillery|shell|french|marines)|artillery"
N qt31 "shell"
N qt32 "airdrop|air drop|parachut"
N qt33 "hajin"
N qt34 "military council|tribe"
N qt35 "riyadh|saudi|al-bukamal|albu kamal|abu kamal"
N qt36 "afrin|olive branch"
N qt37 "manbij"
N qt38 "sheitaat|shaitat|massacre|2014"
N qt39 "ramadi|anbar"
N qt40 "tal abyad|tell abyad|kobani"
N qt41 "zahreddine|republican guard|104th|general[^\"]{0,40}killed"
N qt42 "raqqah?[^\"]{0,120}(deal|leave|let)|(deal|leave|let)[^\"]{0,120}raqqah?"
N qt43 "september 16|sept 16|16 sept|wounded six|wounding six"
N qt44 "border (security )?force|frontier force|30,000"
N qt45 "qalamoun|bus"
N qt46 "tabqa dam|lake assad|tabqa"
N qt47 "tiger"
N qt48 "jafra"
