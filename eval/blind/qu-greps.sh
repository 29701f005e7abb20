# qu batch: greps for the 30 unanswerable questions (qu19-qu48), then neighbour greps over the existing questions.
# Run from eval/blind:  bash qu-greps.sh > qu-greps.out 2>&1
# Adapted from qt-greps.sh (same method). The script copies corpus, distractors, pages and dated into a temporary
# folder with HTML tags replaced by spaces (so link targets and markup do not count), greps there, and deletes the
# copy. Paths in the output are relative to eval/.
# G lists the files that match each pattern (case-insensitive, ERE, one line at a time);
# C prints each match with up to 70 characters either side, for the hits that needed reading.
# The first patterns of each question are its key names and figures (broad: hits are read in the C output);
# the later ones are the answer-bearing facts, which must give "none".
# N (last section) greps eval/questions.jsonl (which now also holds qt01-qt48) for the key words of every question
# of the batch (answerable ones included) and prints "id type | question" of each hit: the neighbours checked for
# duplicates.
cd "$(dirname "$0")/.." || exit 1
QF="$PWD/questions.jsonl"
T=$(mktemp -d /tmp/qu-greps.XXXXXX) || exit 1
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
G qu19 "telnova" "vendor" "\b(ericsson|nokia|huawei|zte|cisco|samsung networks)\b" "vendor[^.]{0,80}\b(named|called|was identified as|turned out to be)\b" "(supplied|made|built) by [a-z]+ (networks|systems|telecom)"
C qu19 "vendor[^.]{0,80}|supplier[^.]{0,60}"
G qu20 "pennywise" "25 pounds" "(25 pounds|goodwill)[^.]{0,120}(total|in all|altogether|cost|million)" "(total|in all|altogether)[^.]{0,80}(payouts?|compensation|goodwill)" "[0-9,]+ customers (contacted|received|were paid|got)"
C qu20 "25 pounds[^.]{0,80}|refund[^.]{0,60}"
G qu21 "319,000" "container" "(handed over|delivered|completed|finished|built)[^.]{0,80}(homes|houses|dwellings)" "(homes|houses|dwellings)[^.]{0,80}(handed over|delivered|completed|finished)" "(february|feb) 2024" "[0-9,]+ (new )?(homes|houses) (had been|were|have been) (handed|delivered|completed|built)"
C qu21 "[0-9,]+ (new )?homes[^.]{0,80}"
G qu22 "ohashi" "\baso\b" "aso ohashi[^.]{0,150}(reopen|rebuilt|replacement|new bridge|opened)" "(reopen|rebuilt|replaced|replacement|new bridge|opened)[^.]{0,150}aso ohashi" "\b(2017|2018|2019|2020|2021)\b[^.]{0,80}\baso\b"
C qu22 "aso[^.]{0,80}|bridge[^.]{0,60}"
G qu23 "waweru" "kettering" "fourth|4th" "(finished|came|placed|was) (fourth|4th)[^.]{0,80}(marathon|rio|2:[0-9])" "(fourth|4th)[^.]{0,60}(marathon|place|in 2:)" 
C qu23 "(fourth|4th)[^.]{0,60}|kettering[^.]{0,60}"
G qu24 "aurelia" "67p" "philae" "(aurelia|67p|comet)[^.]{0,200}lander,? (called|named|known as)" "lander,? (called|named|known as)[^.]{0,100}(comet|67p|aurelia)"
C qu24 "lander[^.]{0,80}"
G qu25 "harker" "tour de france" "(harker|rinaldi|bardin|salda)[^.]{0,100}(won the tour|overall victory|yellow jersey in paris|champs|final standings|won the race)" "(won|wins|winner of) the (2017 )?tour" "paris"
C qu25 "harker[^.]{0,80}|paris[^.]{0,60}"
G qu26 "sairoon|sadr" "recount" "recount[^.]{0,150}(ordered|approved|voted|changed|confirmed|completed|result)" "(ordered|approved|voted for|completed|carried out)[^.]{0,80}recount" "manual (count|recount)[^.]{0,80}(2018|kirkuk)"
C qu26 "recount[^.]{0,80}|[^.]{0,80}fraud[^.]{0,80}"
G qu27 "echo \(|vandenberg" "briefcase" "\bmarco\b[^.]{0,40}(mars|satellite|cubesat)|mars cube|cubesat" "briefcase-sized[^.]{0,100}(called|named)" "(satellites?|cubesats?|spacecraft),? (called|named)[^.]{0,80}(mars|echo)"
C qu27 "briefcase[^.]{0,100}"
# missing_fact
G qu28 "downstream" "flee|fled" "(tabqa|downstream|raqqah|dam)[^.]{0,200}[0-9,]+ (people|residents|families|civilians)[^.]{0,80}(fled|left|evacuated)" "(fled|left|evacuated)[^.]{0,80}[0-9,]+ (people|residents|families|civilians)[^.]{0,200}(tabqa|dam|downstream)" "(tabqa|dam)[^.]{0,200}(thousands|hundreds) of (people|residents|families)"
C qu28 "downstream[^.]{0,80}|flee[^.]{0,60}"
G qu29 "manbij military council" "arima|arimah|al-arimah|tukhar|tokhar|qiratah|qirata|al-bouir|buwayr|jubb|um adasah" "manbij[^.]{0,200}villages?,? (including|such as|among them|named)" "villages west of manbij[^.]{0,60}(:|including|such as|named)"
C qu29 "20 villages[^.]{0,80}|villages[^.]{0,60}"
G qu30 "maghawir|partner force" "recruit[a-z]*[^.]{0,100}(camp|jordan)" "rukban|rukhban|hadalat|berm" "(desert|refugee|displacement) camps? (at|of|in|called|named|such as|including) [a-z-]+" "(desert|refugee|displacement) camps?[^.]{0,80}(rukban|hadalat|near the (jordan|jordanian) border)"
C qu30 "\bcamps?\b[^.]{0,70}|recruit[a-z]*[^.]{0,70}"
G qu31 "sousa|shafa|baghuz" "civilians?[^.]{0,100}(sousa|shafa|baghuz|strip)" "(sousa|shafa|baghuz|strip)[^.]{0,100}civilians?" "[0-9,]+ (civilians|people|residents)[^.]{0,120}(december|strip|baghuz)"
C qu31 "civilians?[^.]{0,70}"
G qu32 "military police" "military police[^.]{0,150}(in|at|into) (sukhnah|arak|palmyra|maadan|resafa|al-kawm|kawm|uqayribat|towns? of)" "(sukhnah|arak|maadan|resafa|uqayribat)[^.]{0,150}military police" "military police[^.]{0,100}(deployed|took over)[^.]{0,30}\b(in|at|to) [a-z-]+ (and|,)"
C qu32 "military police[^.]{0,80}"
G qu33 "gas fields around palmyra" "shaer|sha'er|sha'ir|hayyan|jazal|jihar|jhar|arak gas|north(ern)? gas|t3|furqlus" "gas fields?,? (including|such as|named|called|at) [a-z-]+" "(palmyra)[^.]{0,100}(field|fields) (of|at|called|named|including)"
C qu33 "gas fields?[^.]{0,80}"
G qu34 "within about 10 km of the plant" "(tiger forces?|5th corps|fifth corps|republican guard|104th|137th|desert hawks|division|brigade)[^.]{0,150}(conoco|gas plant|crossed the euphrates|september 18)" "(conoco|gas plant|crossed the euphrates|september 18)[^.]{0,150}(tiger forces?|5th corps|fifth corps|republican guard|104th|137th|desert hawks|division|brigade)"
C qu34 "within about 10 km[^.]{0,60}|crossed the euphrates[^.]{0,80}|137th[^.]{0,80}"
# capital (unanswerable)
G qu35 "qalamoun" "beirut|lebanese government|lebanese (president|prime minister|minister|officials?)|aoun|hariri|berri" "(beirut|lebanese government|lebanese officials?|aoun|hariri)[^.]{0,200}(deal|buses|convoy|qalamoun|isil)" "(deal|buses|convoy|qalamoun)[^.]{0,200}(beirut|lebanese government|lebanese officials?|aoun|hariri)"
C qu35 "lebanese[^.]{0,80}|beirut[^.]{0,60}"
G qu36 "discussions are under way" "(negotiat|talks|discussions)[^.]{0,150}(led by|headed by|envoy|general|official named|tillerson|mattis|mcgurk|dunford|harrigian)" "\b(tillerson|mattis|mcgurk|dunford|harrigian|votel|townsend|brett|jeffrey)\b"
C qu36 "discussions[^.]{0,80}|talks[^.]{0,60}"
G qu37 "locally brokered" "(damascus|syrian government|syrian foreign ministry|state media|\bsana\b|assad)[^.]{0,200}(october 14|several hundred people|leave the city|locally brokered|evacuat)" "(october 14|several hundred people|locally brokered)[^.]{0,250}(damascus|syrian government|syrian foreign ministry|assad)"
C qu37 "locally brokered deal[^.]{0,120}"
# near_topic
G qu38 "rmeilan|rumeilan|rmelan|abu hajar|kharab ishk" "airstrip|air strip"
C qu38 "airstrip|air ?strip[^.]{0,60}"
G qu39 "shishani|batirashvili|omar al-|chechen" "georgian"
C qu39 "georgian[^.]{0,60}|chechen[^.]{0,60}"
G qu40 "baiji|beiji|bayji" "refinery" "salahuddin|salah al-din|tikrit"
C qu40 "refiner[a-z]*[^.]{0,60}"
G qu41 "su-24" "shot down[^.]{0,100}(russian|turkish)" "(turkey|turkish)[^.]{0,150}(su-24|russian (jet|aircraft|bomber|plane|warplane)|shot down|shoot-down)" "(su-24|russian (jet|aircraft|bomber|plane|warplane))[^.]{0,150}(turkey|turkish)"
C qu41 "su-24[^.]{0,80}|shot down[^.]{0,60}"
# wrong_actor
G qu42 "1,700" "(turkey|turkish|ankara|erdogan)[^.]{0,40}(said|welcomed|claimed|called|described|accused|mocked|praised)[^.]{0,150}(1,700|diver|moved|afrin|hajin|sdf fighters)" "(1,700|diver(sion|ted)|operational pause)[^.]{0,200}(turkey|turkish|ankara|erdogan)[^.]{0,60}(said|welcomed|claimed|called|described|accused)"
C qu42 "(turkey|turkish|ankara)[^.]{0,100}"
G qu43 "shahed" "(syrian government|syrian foreign ministry|damascus|state media|\bsana\b)[^.]{0,200}(drone|shahed|f-15)" "(drone|shahed|f-15)[^.]{0,200}(syrian government|syrian foreign ministry|damascus|state media)"
C qu43 "shahed[^.]{0,100}|drone[^.]{0,80}"
G qu44 "june 9" "(israel|israeli)[^.]{0,200}(june 9|reached the (syrian-iraqi|iraqi) border|race to the border|70 km north-east)" "(june 9|race to the border|70 km north-east|reached the syrian-iraqi border)[^.]{0,200}(israel|israeli)"
C qu44 "israel[a-z]*[^.]{0,100}"
G qu45 "several factions also maintain a presence" "(sdf|syrian democratic forces)[^.]{0,200}(pmu|popular mobili[sz]ation)[^.]{0,100}(concern|worr|object|oppos|complain|warn)" "(pmu|popular mobili[sz]ation)[^.]{0,150}(worr|concern)[^.]{0,60}(sdf|syrian democratic forces)"
C qu45 "worries the coalition[^.]{0,40}|[^.]{0,80}(pmu|popular mobili[sz]ation)[^.]{0,40}syrian side[^.]{0,80}"
# unanswerable_period
G qu46 "sukhnah|sukhna|al-sukhnah" "sukhnah[^.]{0,250}\b2018\b" "\b2018\b[^.]{0,250}sukhnah"
C qu46 "sukhnah[^.]{0,60}"
G qu47 "palmyra|tadmur" "palmyra[^.]{0,250}\b2018\b" "\b2018\b[^.]{0,250}palmyra"
C qu47 "palmyra[^.]{0,60}"
G qu48 "al-bab" "al-bab[^.]{0,250}\b2018\b" "\b2018\b[^.]{0,250}al-bab"
C qu48 "al-bab[^.]{0,60}"

# neighbours in eval/questions.jsonl (key words of each question; the hits were read, see qu-notes.md)
N qu01 "postpone|manbij[^\"]{0,120}(settle|solve|problem|quarrel)"
N qu02 "exclusion|tanf[^\"]{0,120}(july|struck|hit)|55 km"
N qu03 "sept(ember)? 16|mid-sept[^\"]{0,80}(bomb|strike)|russian (air )?strike"
N qu04 "bargain|frozen|carve-up|energy map|oil map"
N qu05 "al-omar|biggest oilfield|largest oil field"
N qu06 "springboard|round the (exclusion )?zone|bypass"
N qu07 "sandstorm|dust storm|setback"
N qu08 "stronghold|bastion|last stand|leadership|leaders"
N qu09 "anbar|escap"
N qu10 "khabur|risk of a clash"
N qu11 "hizballah|hezbollah[^\"]{0,120}(june|desert|frontier|border)"
N qu12 "afrin[^\"]{0,160}(cells|desert|daesh|isis)|desert cells|government-held roads"
N qu13 "prove|proof|fully (cleared|retaken)|deir ezzor city"
N qu14 "roundup"
N qu15 "albu kamal|abu kamal|al-bukamal"
N qu16 "afrin[^\"]{0,200}(again|north)|turkish (threat|shelling)|drag|pull"
N qu17 "manbij"
N qu18 "defeat|beaten|wiped out|declared isil|finished"
N qu19 "telnova|certificate|outage"
N qu20 "pennywise|outage"
N qu21 "319,000|container|earthquake"
N qu22 "kumamoto|aso|bridge"
N qu23 "marathon|rio|waweru"
N qu24 "aurelia|comet|lander"
N qu25 "tour|harker"
N qu26 "iraq's parliament|recount|sairoon|sadr|may 2018 (iraqi )?election"
N qu27 "echo|mars|vandenberg"
N qu28 "tabqa dam|downstream|flee"
N qu29 "manbij"
N qu30 "maghawir|camps?|recruit"
N qu31 "sousa|shafa|baghuz"
N qu32 "military police"
N qu33 "palmyra|gas field"
N qu34 "conoco"
N qu35 "qalamoun|beirut|leban"
N qu36 "july 2017[^\"]{0,120}(talks|line)|dividing line|negotiat"
N qu37 "raqqah?[^\"]{0,160}(deal|leave|let|arrangement)|(deal|arrangement)[^\"]{0,120}raqqah?"
N qu38 "rmeilan|airstrip|hasakah"
N qu39 "shishani|chechen|georgian|commander[^\"]{0,40}killed"
N qu40 "baiji|refinery|tikrit"
N qu41 "su-24|shoot down|shot down"
N qu42 "1,700|afrin[^\"]{0,120}(fighters|turk)"
N qu43 "shahed|drone"
N qu44 "israel"
N qu45 "pmu[^\"]{0,160}(abu kamal|syrian side)|roundup"
N qu46 "sukhnah"
N qu47 "palmyra"
N qu48 "al-bab"
