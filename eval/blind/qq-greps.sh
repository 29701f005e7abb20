# qq batch: greps for the 30 unanswerable questions (qq19-qq48).
# Run from eval/blind:  bash qq-greps.sh > qq-greps.out 2>&1
# Adapted from qp-greps.sh. The script copies corpus, distractors, pages and dated into a temporary folder with HTML
# tags replaced by spaces (so link targets and markup do not count), greps there, and deletes the copy. Paths in the
# output are relative to eval/.
# G lists the files that match each pattern (case-insensitive, ERE, one line at a time);
# C prints each match with up to 70 characters either side, for the hits that needed reading.
# The first patterns of each question are its key names and figures (broad: hits are read in the C output);
# the later ones are the answer-bearing facts, which must give "none".
cd "$(dirname "$0")/.." || exit 1
T=$(mktemp -d /tmp/qq-greps.XXXXXX) || exit 1
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

# off_domain
G qq19 "scheldt|vandersteen" "crude (distillation )?units?" "(scheldt|vandersteen)[^.]{0,200}(restart|reopen|resum|back (on|in)|running again|came back)" "(crude units?|distillation unit)[^.]{0,120}(restart|reopen|resum|online)" "\b(june|july)\b[^.]{0,120}(scheldt|vandersteen)"
C qq19 "scheldt[^.]{0,80}|vandersteen[^.]{0,80}|three weeks[^.]{0,40}"
G qq20 "couchpotato|kallio" "botnet|control servers?" "couchpotato[^.]{0,200}(taken down|took down|dismantled|offline|seized|disrupted)" "control servers?[^.]{0,100}(were taken down|have been taken down|were seized|went offline|dismantled|disrupted)"
C qq20 "control servers?[^.]{0,80}|kallio labs[^.]{0,60}"
G qq21 "shadowstep" "microcode" "(corrected|fixed|new) (microcode|version|update)[^.]{0,150}(released|shipped|issued|became available)" "shadowstep[^.]{0,200}\b(february|march|april)\b" "microcode[^.]{0,150}(february|march|released on)"
C qq21 "microcode[^.]{0,80}|corrected version[^.]{0,60}"
G qq22 "inadvertent roaming|roaming" "412|289" "(second half|h2|july to december|whole of 2018)[^.]{0,100}(complaints|roaming)" "(complaints|roaming)[^.]{0,100}(second half|h2|july to december|whole of 2018|in 2018 as a whole)"
C qq22 "roaming[^.]{0,80}|complaints[^.]{0,60}2018"
G qq23 "corvane|\baria\b" "250,000|31,000" "(\baria\b|corvane)[^.]{0,200}(had|reached|ended (2019|the year) with|signed up) [0-9,]+ (paying )?(subscribers|users|customers)" "\baria\b[^.]{0,150}(missed|hit|reached|exceeded) (its|the) (target|250,000)" "(\baria\b|corvane)[^.]{0,150}\b2020\b"
C qq23 "(corvane|\baria\b)[^.]{0,80}|subscribers[^.]{0,60}"
G qq24 "operation brock|manston" "kent county council" "29 million" "(kent county council|the council)[^.]{0,150}(received|was given|got|granted|awarded)[^.]{0,60}(million|pounds)" "(government|ministers|treasury)[^.]{0,100}(gave|granted|awarded|allocated|handed)[^.]{0,80}(kent|county council)" "29 million pounds[^.]{0,150}(granted|agreed|refused|received|paid)"
C qq24 "kent county council[^.]{0,100}|operation brock[^.]{0,80}"
G qq25 "semta|toolmakers?" "export controls?" "(netherlands|dutch|japan|japanese)[^.]{0,200}(export controls?|chip|toolmak|equipment)" "(followed suit|agreed to match|matched the (us |new )?controls|aligned their)" "(export|chip|toolmak)[^.]{0,150}(agreement|deal)[^.]{0,100}(was announced|was reached|signed|agreed)"
C qq25 "export controls?[^.]{0,80}|follow suit[^.]{0,60}|talks are under way[^.]{0,80}"
G qq26 "zeeland|eindhoven athletic|de kuip" "zeeland[^.]{0,200}(knocked out|eliminated|finished (first|second|third|fourth|bottom|top)|won (their|the) group|reached the (knockout|last 32|round of))" "zeeland united (won|lost|drew|beat)[^.]{0,100}(europe|group|breda)" "breda[^.]{0,150}(won|lost|drew|beat)" "zeeland[^.]{0,200}(2019-20|2019/20)"
C qq26 "zeeland[^.]{0,80}|group stage[^.]{0,60}|breda[^.]{0,60}"
G qq27 "aerlo|henningsholm|valby mark" "drone (parcel|delivery)" "aerlo[^.]{0,200}(opened|launched|added|expanded to)[^.]{0,40}corridors?" "(trial|corridor)[^.]{0,150}(succeeded|was a success|ended in|was extended|was completed)" "(three|3) (new|more|additional) corridors[^.]{0,100}(opened|launched|approved)"
C qq27 "aerlo[^.]{0,80}|corridors? in 2018[^.]{0,40}|drone delivery[^.]{0,60}"
# missing_fact
G qq28 "jirah" "jirah[^.]{0,200}(captured|took|taken|seized|retook|retaken|fell|recaptured|entered|reached)" "(captured|took|taken|seized|retook|retaken|fell|recaptured|entered|reached)[^.]{0,100}jirah"
C qq28 "jirah[^.]{0,60}|al-bab[^.]{0,80}"
G qq29 "pkk" "portrait" "ocalan|öcalan" "pkk (leader|founder),? (abdullah|apo)"
C qq29 "pkk[^.]{0,80}|portrait[^.]{0,80}"
G qq30 "mayadin|mayadeen" "kataib|nujaba|asaib|badr|harakat|imam ali" "(kataib|nujaba|asaib|badr|harakat|imam ali)[^.]{0,200}(mayadin|mayadeen)" "(mayadin|mayadeen)[^.]{0,200}(kataib|nujaba|asaib|badr|harakat|imam ali)"
C qq30 "kataib[^.]{0,80}|iranian-backed iraqi (units|factions)[^.]{0,80}"
G qq31 "conoco" "power (station|plant)s?" "\b(jandar|mhardeh|muhardah|zayzoun|tishreen power|banias power|tartus power)\b" "(supplied|fed|feeding|supplying)[^.]{0,60}power (stations|plants) (at|near|such as|in (?!western))" "conoco[^.]{0,250}power (station|plant)s? (at|in|near|of|such as) [a-z]+"
C qq31 "power (station|plant)s?[^.]{0,80}"
G qq32 "khasham" "tribal militias?|tribes?" "\b(baggara|baqqara|bakara|shaitat|sheitat|shuaytat|ougaidat|akidat|uqaydat)\b" "(tribal militias?|tribes?)[^.]{0,40}(including|such as|led by|from the)" "khasham[^.]{0,200}the [a-z-]+ tribe"
C qq32 "khasham[^.]{0,80}|tribal militias?[^.]{0,80}|tribes?[^.]{0,60}"
G qq33 "al-hari" "al-hari[^.]{0,200}(drone|f-15|f-16|f-35|jets?|unmanned|missiles?|bombs?)" "(drone|f-15|f-16|f-35|jets?|unmanned|missiles?)[^.]{0,200}al-hari"
C qq33 "al-hari[^.]{0,100}|air strike hit[^.]{0,80}"
G qq34 "maskanah|maskana" "maskanah[^.]{0,200}(captured|took|taken|seized|retook|retaken|fell|recaptured|\bmay\b|june|july)" "(captured|took|taken|seized|retook|retaken|fell|recaptured)[^.]{0,100}maskanah"
C qq34 "maskanah[^.]{0,80}"
# capital (unanswerable)
G qq35 "bases for iraqi militias|militia bases" "[0-9]+ (military )?bases[^.]{0,100}(al-bukamal|albu kamal|abu kamal|border)" "(tehran|iran)[^.]{0,150}(built|set up|established|constructed|opened)[^.]{0,80}bases" "(number of|several|dozen|two|three|four|five) (iranian |militia )?bases"
C qq35 "bases[^.]{0,80}"
G qq36 "palmyra" "civilian traffic" "(highway|road)[^.]{0,150}(reopened|reopen|civilian traffic|open to traffic)" "(reopened|reopen)[^.]{0,100}(highway|road)[^.]{0,100}(palmyra|deir|dayr)"
C qq36 "(highway|road)[^.]{0,40}(palmyra|deir ez-zor)[^.]{0,60}|reopen[a-z]*[^.]{0,60}"
G qq37 "hajin" "\b(us|american|coalition) (general|commander) [a-z]+ [a-z]+" "\b(votel|funk|jarrard|lafontaine|townsend|la camera|braga)\b" "(lieutenant|major|brigadier) general"
C qq37 "general [a-z]+[^.]{0,60}|commander[^.]{0,60}hajin"
# near_topic
G qq38 "hamadan|nojeh|tu-22" "russian (bombers?|aircraft)[^.]{0,150}(iran|iranian) (air ?base|airfield)" "(iran|iranian) (air ?base|airfield)[^.]{0,150}russian" "bombers?"
C qq38 "bombers?[^.]{0,80}"
G qq39 "kuznetsov" "aircraft carrier" "su-33|mig-29k" "carrier"
C qq39 "carrier[^.]{0,60}"
G qq40 "dabiq" "euphrates shield"
G qq41 "karlov" "ambassador" "ambassador[^.]{0,150}(shot|killed|assassinat)" "(shot|killed|assassinat)[^.]{0,100}ambassador" "altintas|altıntaş"
C qq41 "ambassador[^.]{0,80}|aleppo[^.]{0,60}"
# wrong_actor
G qq42 "su-22|super ?hornet" "(iran|tehran|iranian)[^.]{0,150}(su-22|super ?hornet|shoot-?down|shot down a syrian)" "(su-22|super ?hornet)[^.]{0,200}(iran|tehran|iranian)"
C qq42 "su-22[^.]{0,100}|shoot-?down[^.]{0,80}"
G qq43 "(iraq|iraqi|baghdad)[^.]{0,150}(us|american) (troops|forces)[^.]{0,60}(withdraw|leave|pull)" "(us|american) (withdrawal|decision to withdraw)[^.]{0,150}(iraq|iraqi|baghdad)" "(iraq|iraqi government|baghdad)[^.]{0,60}(said|welcomed|warned|criticised|reacted)[^.]{0,150}(withdraw|withdrawal|pull-out)"
C qq43 "withdraw(al)? its roughly[^.]{0,80}|stab in the back[^.]{0,60}|announced (its|the) withdrawal[^.]{0,60}"
G qq44 "(russia|russian|moscow|kremlin)[^.]{0,150}(raqqa|raqqah)[^.]{0,100}(liberat|ceremony|fall|fell|taken|captur)" "(raqqa|raqqah)[^.]{0,100}(liberat|ceremony|fall|fell)[^.]{0,150}(russia|russian|moscow|kremlin)"
C qq44 "liberation of the city[^.]{0,80}|raqqah? (falls|fell)[^.]{0,60}"
G qq45 "hashd|popular mobili" "(syrian government|damascus|assad|syrian foreign ministry)[^.]{0,150}(pmu|popular mobili|hashd)[^.]{0,100}(border|welcomed|said)" "(pmu|popular mobili|hashd)[^.]{0,150}(damascus|syrian government)[^.]{0,60}(said|welcomed|praised|statement)"
C qq45 "(pmu|popular mobili[a-z]*)[^.]{0,40}(syrian government|damascus)[^.]{0,60}|syrian government[^.]{0,60}(pmu|popular mobili)"
# unanswerable_period
G qq46 "hotline|memorandum" "(hotline|deconfliction|memorandum)[^.]{0,200}\b2016\b" "\b2016\b[^.]{0,200}(hotline|deconfliction|calls a day)" "calls a day"
C qq46 "calls a day[^.]{0,60}|memorandum[^.]{0,100}"
G qq47 "intermediaries|middlemen" "(sdf|kurdish|syrian democratic)[^.]{0,200}\b2019\b" "\b2019\b[^.]{0,200}(sdf|syrian democratic|government-held|damascus)[^.]{0,100}(oil|crude|fuel)"
C qq47 "intermediaries[^.]{0,80}"
G qq48 "military council" "military council[^.]{0,250}\b2019\b" "\b2019\b[^.]{0,250}military council" "(tribes?|tribal)[^.]{0,200}\b2019\b" "\b2019\b[^.]{0,200}(tribes?|tribal)"
C qq48 "military council[^.]{0,80}|arab tribes[^.]{0,60}"
