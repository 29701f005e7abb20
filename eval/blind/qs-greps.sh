# qs batch: greps for the 30 unanswerable questions (qs19-qs48).
# Run from eval/blind:  bash qs-greps.sh > qs-greps.out 2>&1
# Adapted from qr-greps.sh (same method). The script copies corpus, distractors, pages and dated into a temporary
# folder with HTML tags replaced by spaces (so link targets and markup do not count), greps there, and deletes the
# copy. Paths in the output are relative to eval/.
# G lists the files that match each pattern (case-insensitive, ERE, one line at a time);
# C prints each match with up to 70 characters either side, for the hits that needed reading.
# The first patterns of each question are its key names and figures (broad: hits are read in the C output);
# the later ones are the answer-bearing facts, which must give "none".
cd "$(dirname "$0")/.." || exit 1
T=$(mktemp -d /tmp/qs-greps.XXXXXX) || exit 1
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
G qs19 "redfern" "waca|perth" "redfern ([0-79]|[0-79][0-9]|8[0-8]|9[0-9]|[0-9]{3})\b" "redfern[^.;)]{0,60}(second innings|in the second|on the final day)" "and 218 \([^)]*redfern"
C qs19 "redfern[^.]{0,60}|england (were all out|had started)[^.]{0,60}"
G qs20 "44,389" "finish(ed|ers)" "berlin[^.]{0,200}(finishers|finished the race|crossed the finish)" "(finishers|finished the race)[^.]{0,100}berlin" "44,389[^.]{0,150}finish" "[0-9,]+ (runners |athletes )?(finished|crossed the line)[^.]{0,80}(berlin|brandenburg)"
C qs20 "[0-9,]+ (runners|starters)[^.]{0,60}|starters, [0-9]+ finished"
G qs21 "vilkitsky" "icebreaker" "icebreaker (named|called)" "icebreaker [\"']" "50 let pobedy|arktika|taymyr|vaygach|sovetsky soyuz|yamal icebreaker" "volkov[^.]{0,60}(of the|aboard the|on the) [a-z0-9 ]+icebreaker"
C qs21 "icebreaker[^.]{0,60}"
G qs22 "\becb\b|european central bank" "\bital(y|ian)" "\bital[a-z]*[^.]{0,120}[0-9]+(\.[0-9]+)? ?(%|percent|per cent)" "(btp|ten-year|10-year)[^.]{0,80}\bital" "\bital[a-z]*[^.]{0,80}(ten-year|10-year|btp|basis points)"
C qs22 "\bital(y|ian)[^.]{0,80}|yields?[^.]{0,60}"
G qs23 "tessellate" "pension fund" "cpp investments|canada pension plan|caisse de|\bcdpq\b|\bomers\b|ontario teachers|psp investments|\botpp\b|healthcare of ontario|temasek|\bgic\b" "canadian pension fund,? (the )?[a-z]+ (pension|investment|teachers|plan)" "led by (the )?[a-z]+ (pension|capital|investments|partners)"
C qs23 "pension fund[^.]{0,60}|round was led by[^.]{0,60}"
G qs24 "black tuesday" "key (interest )?rate" "(central bank of russia|bank of russia|nabiullina)[^.]{0,200}(cut|lowered|reduced)" "(cut|lowered|reduced)[^.]{0,60}(key|interest) rate[^.]{0,40}15" "january 30,? 2015|30 january 2015" "key (interest )?rate[^.]{0,60}15 (percent|%)"
C qs24 "key (interest )?rate[^.]{0,80}|nabiullina[^.]{0,60}"
G qs25 "shutdown" "240 votes|71-28" "[0-9]+ (house )?democrats" "democrats[^.]{0,60}(voted for|voted in favour|backed the (deal|bill|agreement))" "(republicans|democrats)[^.]{0,30}[0-9]+[^.]{0,20}(for|against)"
C qs25 "democrats[^.]{0,80}|240 votes[^.]{0,40}"
G qs26 "netblocks" "petrol" "(internet|connectivity)[^.]{0,120}(restored|returned|came back|back online|resumed)" "(restored|restoring|restoration of)[^.]{0,60}(internet|connectivity)"
C qs26 "(internet|connectivity)[^.]{0,80}"
G qs27 "wexford|hirst" "hirst[^.]{0,150}(signed|agreed|extended|new deal|new contract)" "(signed|agreed|extended|offered)[^.]{0,80}(contract|deal)[^.]{0,40}hirst"
C qs27 "hirst[^.]{0,80}|contract[^.]{0,40}hirst"
# missing_fact
G qs28 "kataib hezbollah" "al-hari" "[0-9]+ (of them )?(were )?(from|members of) kataib" "kataib hezbollah[^.]{0,80}[0-9]+ (killed|dead|members|fighters)" "([0-9]+|dozen|half) of (the|them|those)[^.]{0,60}kataib"
C qs28 "kataib[^.]{0,80}|22 of its[^.]{0,60}"
G qs29 "al-omar" "al[- ]furat petroleum|afpc|\bshell\b[^.]{0,80}(omar|syria)" "omar[^.]{0,150}(operated|run|developed|owned) by" "(operated|run|developed|owned) by[^.]{0,80}al-omar"
C qs29 "(operated|developed|owned) (by|with)[^.]{0,60}|pre-war output[^.]{0,60}"
G qs30 "manbij" "[0-9]+ russian (troops|soldiers|military police|servicemen)" "russian (troops|soldiers|military police|servicemen)[^.]{0,150}manbij" "manbij[^.]{0,150}russian (troops|soldiers|military police|servicemen)"
C qs30 "russian (troops|soldiers|military police|servicemen)[^.]{0,60}|brokered by russia[^.]{0,40}"
G qs31 "hotline" "udeid|hmeimim|khmeimim" "hotline[^.]{0,200}(udeid|hmeimim|khmeimim|air ?base|qatar|latakia)" "(udeid|hmeimim|khmeimim|qatar|latakia)[^.]{0,200}hotline" "(deconfliction|hotline|channel)[^.]{0,100}(based|located|run from) (at|in)"
C qs31 "hotline[^.]{0,80}|(hmeimim|khmeimim)[^.]{0,60}"
G qs32 "mayadin|mayadeen" "(crossed|got across)[^.]{0,60}(at|near|opposite) (mayadin|mayadeen)" "bridgehead[^.]{0,40}(at|near|opposite) (mayadin|mayadeen)" "(mayadin|mayadeen)[^.]{0,60}(crossed the (river|euphrates)|across the euphrates on)" "(mayadin|mayadeen)[^.]{0,120}(october|november) [0-9]+[^.]{0,60}crossed"
C qs32 "cross[a-z]*[^.]{0,40}mayadin[^.]{0,40}|mayadin[^.]{0,60}cross[a-z]*[^.]{0,40}|second pontoon bridge"
G qs33 "border security force|terror army" "(spokesman|spokesperson|colonel|col\.)[^.]{0,150}(border (security )?force|30,000)" "(border (security )?force|30,000)[^.]{0,150}(spokesman|spokesperson|colonel|col\.)" "ryan dillon|thomas veale|\bveale\b|\bdillon\b"
C qs33 "coalition officials said[^.]{0,80}|spokesman[^.]{0,60}"
G qs34 "stab in the back" "stab in the back[^.]{0,150}(said|spokesman|official|commander|co-chair)" "(said|spokesman|official|commander|co-chair)[^.]{0,100}stab in the back" "mazloum|mazlum|redur xelil|mustafa bali|ilham ahmed|abdi\b"
C qs34 "stab in the back[^.]{0,60}|described the decision[^.]{0,40}"
# capital (unanswerable)
G qs35 "sinjar" "(russia|russian|moscow|kremlin)[^.]{0,150}(pmu|popular mobili|hashd)" "(pmu|popular mobili|hashd)[^.]{0,150}(russia|russian|moscow|kremlin)"
C qs35 "sinjar[^.]{0,60}"
G qs36 "jazira" "al-shaddadi|shaddadi" "(turkey|turkish|ankara)[^.]{0,200}jazira" "jazira[^.]{0,200}(turkey|turkish|ankara)" "(turkey|turkish|ankara)[^.]{0,100}(said|warned|condemned|criticised|welcomed|reacted)[^.]{0,150}(east bank|eastern bank)[^.]{0,100}(deir|dayr)"
C qs36 "shaddadi[^.]{0,60}"
G qs37 "liberat(ion|ed)" "(iran|iranian|tehran)[^.]{0,200}(raqqa|raqqah)" "(raqqa|raqqah)[^.]{0,200}(iran|iranian|tehran)"
C qs37 "liberat(ion|ed)[^.]{0,60}"
# near_topic
G qs38 "timber sycamore" "\bcia\b" "(covert|clandestine)[^.]{0,100}(programme|program)"
C qs38 "(dropped from|training) the programme[^.]{0,40}|programme[^.]{0,40}rebel"
G qs39 "kuweires|kweiris|kuwayris" "airbase|air base" 
C qs39 "(airbase|air base)[^.]{0,60}"
G qs40 "tishreen" "tishreen dam[^.]{0,150}(took|taken|captured|seized|sdf|isis|2015)" "(took|taken|captured|seized)[^.]{0,80}tishreen"
C qs40 "tishreen[^.]{0,80}"
G qs41 "khanasir|ithriyah|ithriya" "aleppo"
C qs41 "aleppo[^.]{0,80}"
# wrong_actor
G qs42 "ain issa" "(russia|russian|moscow|kremlin)[^.]{0,150}(isolate raqqa|isolation campaign|ain issa|encircl[a-z]* raqqa)" "(isolate raqqa|isolation campaign|ain issa|encircl)[^.]{0,150}(russia|russian|moscow|kremlin)" "(russia|russian|moscow|kremlin)[^.]{0,200}november 2016|november 2016[^.]{0,200}(russia|russian|moscow|kremlin)"
C qs42 "(russia|russian)[^.]{0,60}encircl[a-z]*[^.]{0,40}|isolat[a-z]* raqqa[^.]{0,60}"
G qs43 "sukhnah" "(sdf|syrian democratic forces)[^.]{0,200}sukhnah" "sukhnah[^.]{0,200}(sdf|syrian democratic forces)"
C qs43 "sukhnah[^.]{0,80}"
G qs44 "general staff" "(hezbollah|hizballah)[^.]{0,200}(defeated|general staff|both banks|declaration)" "(defeated|general staff|both banks|declaration)[^.]{0,200}(hezbollah|hizballah)"
C qs44 "general staff[^.]{0,80}"
G qs45 "iraqi air force" "(russia|russian|moscow|kremlin)[^.]{0,200}iraqi (air force|air strikes|jets|aircraft)" "iraqi (air force|air strikes|jets|aircraft)[^.]{0,200}(russia|russian|moscow|kremlin)"
C qs45 "iraqi (air force|air strikes)[^.]{0,80}"
# unanswerable_period
G qs46 "resafa" "resafa[^.]{0,250}\b2016\b" "\b2016\b[^.]{0,250}resafa" "rusafa|resafeh"
C qs46 "resafa[^.]{0,80}"
G qs47 "khasham" "khasham[^.]{0,250}\b2019\b" "\b2019\b[^.]{0,250}khasham" "(khasham|conoco)[^.]{0,200}(again|second attack|another attack|renewed attack)"
C qs47 "khasham[^.]{0,80}"
G qs48 "dashisha" "dashisha[^.]{0,250}\b2017\b" "\b2017\b[^.]{0,250}dashisha"
C qs48 "dashisha[^.]{0,80}"
