# qz batch: greps for the answerable expect strings (qz01-qz18), then for the 30 unanswerable questions (qz19-qz48),
# then neighbour greps over the existing questions.
# Run from eval/blind:  bash qz-greps.sh > qz-greps.out 2>&1   (or from eval: bash blind/qz-greps.sh > blind/qz-greps.out)
# Same method as qy-greps.sh: the script copies corpus, distractors, pages and dated into a temporary folder with HTML
# tags replaced by spaces (so link targets and markup do not count), greps there, and deletes the copy. Paths in the
# output are relative to eval/.
# G lists the files that match each pattern (case-insensitive, ERE, one line at a time);
# C prints each match with up to 70 characters either side, for the hits that needed reading.
# For each unanswerable question the first patterns are its key names (broad: hits are read in the C output); the later
# ones are the answer-bearing facts, which must all give "none".
# N (last section) greps eval/questions.jsonl (qy01-qy48 included) for the key words of every question of the batch
# and prints "id type | question" of each hit: the neighbours checked for duplicates.
cd "$(dirname "$0")/.." || exit 1
QF="$PWD/questions.jsonl"
T=$(mktemp -d /tmp/qz-greps.XXXXXX) || exit 1
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
G qz01 "strengthens Baghdad's control of the border against Daesh movement" "an aim shared with Washington"
G qz02 "reclaim a foothold in the north at no military cost"
G qz03 "asserting that foreign military action requires its consent"
G qz04 "an area that Damascus considers its own axis of advance"
G qz05 "the number of calls has since increased"
G qz06 "denies resources to the government and its Iranian allies"
G qz07 "ISIS has had nearly a year to prepare its defences"
G qz08 "ISIS fighters withdrew north-east rather than making a last stand"
G qz09 "For the SDF, the priority is to reach the fields first"
G qz10 "The coalition has therefore reverted to a defensive posture" "defensive posture"
G qz11 "the coalition said it had not negotiated but did not block"
G qz12 "had turned Mayadin into one of its main administrative centres"
G qz13 "to coordinate its message with Russia"
G qz14 "including special forces and military police"
G qz15 "The Islamic State will fight harder for Albu Kamal than for Mayadin" "was overturned by an ISIL counterattack"
G qz16 "The real test will be the Old City" "largely because of the density of ISIS defences in the Old City"
C qz16 "old city"
G qz17 "The SAA benefits mainly from the symbolism of restoring a presence" "Hezbollah gains from the same result"
G qz18 "It has provided air support to the Iraqi forces at Al-Qaim" "said it had no role in the operation"
C qz18 "air support[^.]{0,40}"
# off_domain
G qz19 "whittlesey|stilt" "brick" "brick (manufacturer|maker|company|firm),? (called |named )?[A-Z]" "(forterra|ibstock|hanson|wienerberger|london brick)"
C qz19 "brick[^.]{0,60}|quarry owner[^.]{0,40}"
G qz20 "marzamemi" "sport diver" "sport diver,? (named|called)" "spotted by [a-z]+ [a-z-]+, a (sport|local|recreational) diver" "diver (named|called) "
C qz20 "sport diver[^.]{0,80}|first spotted[^.]{0,60}"
G qz21 "meridian-1|porthkennack" "spanish (telecoms )?operator" "\\b(telefonica|telefónica|movistar|orange spain|vodafone spain|masmovil)\\b"
C qz21 "spanish[^.]{0,60}|consortium[^.]{0,100}"
G qz22 "harvest truce" "luhansk" "luhansk[^.]{0,80}(separatist|leaders?)[^.]{0,80}(observe|respect|honour|honor|abide)" "(separatist|leaders?)[^.]{0,40}luhansk[^.]{0,80}(observe|respect|honour|honor)"
C qz22 "separatist[^.]{0,100}"
G qz23 "ljubljana" "emigra" "(left|moved out of|emigrated from) (ljubljana|the city)" "[0-9,]+ (people|residents) (left|emigrated|moved abroad)"
C qz23 "moved to the city[^.]{0,80}|abroad[^.]{0,60}"
G qz24 "\\bkrk\\b" "bookings" "bookings[^.]{0,60}[0-9.]+ (billion cubic metres|bcm)" "(booked|reserved) [0-9.]+ (billion cubic|bcm)"
C qz24 "bookings[^.]{0,100}|less than a tenth[^.]{0,60}"
G qz25 "timbuktu" "togolese" "(peacekeeper|blue helmet)[^.]{0,40}(from|of) (guinea|chad|burkina|senegal|bangladesh|egypt|niger|togo|nigeria)" "(guinean|chadian|burkinabe|senegalese|bangladeshi|egyptian|nigerien|nigerian) peacekeeper"
C qz25 "timbuktu[^.]{0,120}|peacekeeper[^.]{0,60}"
G qz26 "hollenstein" "sprint" "(won|took) (the )?(women.s )?(7\\.5 ?km )?sprint" "sprint (gold|title|champion|winner|was won)"
C qz26 "sprint[^.]{0,80}"
G qz27 "sea forest|van der meer" "stroke" "british (boat|crew|eight),? stroked by" "stroke(d)? (of|for|in) the british" "british stroke"
C qz27 "stroke[^.]{0,60}|british[^.]{0,60}"
# missing_fact
G qz28 "deir.?ez.?zor city|deir ezzor city|dayr az-zawr city" "civilians? (were |had been )?(killed|dead|died)" "civilians?[^.]{0,60}(killed|died|dead)[^.]{0,100}(deir|dayr)" "(deir|dayr)[^.]{0,100}civilians?[^.]{0,40}(killed|died|dead)"
C qz28 "civilian[^.]{0,60}(killed|died|dead|casualt)[^.]{0,40}"
G qz29 "siege (was )?broken|broke(n)? the siege|break the siege|reach(ing|ed)? the (besieged )?garrison" "relief (force|column)" "[0-9,]+ (troops|soldiers|men|fighters)[^.]{0,100}(relief|broke|broken|reached the garrison|reach the garrison)" "(relief|relieving) (force|column)[^.]{0,80}[0-9,]+ (troops|soldiers|men)"
C qz29 "siege[^.]{0,60}(broken|broke|break)|reached deir ez-zor[^.]{0,60}|garrison[^.]{0,80}"
G qz30 "return home|go home|going home|drawdown|withdraw(al)? of (russian )?(aircraft|jets)" "([0-9]+|dozens of) (russian )?(aircraft|jets|warplanes|planes|bombers)[^.]{0,60}(left|flew home|returned|withdrawn|withdrew)" "(withdr[a-z]+|returned|flew (home|back))[^.]{0,40}[0-9]+ (aircraft|jets|warplanes)"
C qz30 "return home[^.]{0,80}|drawdown[^.]{0,80}|number of aircraft[^.]{0,60}"
G qz31 "crossed from the al-qaim|from the al-qaim area" "(kataib|asaib|badr|harakat al-nujaba|nujaba|saraya|brigade|hashd)[^.]{0,80}(albu kamal|al-bukamal|abu kamal)" "(albu kamal|al-bukamal|abu kamal)[^.]{0,80}(kataib|asaib|badr|nujaba)"
C qz31 "kataib[^.]{0,60}|badr[^.]{0,60}|nujaba[^.]{0,60}|asaib[^.]{0,60}"
G qz32 "hizballah-affiliated|hezbollah-affiliated" "al-manar|manar\\b|al-mayadeen (tv|channel)|mayadeen tv|(hezbollah|hizballah)('s)? (tv|television|channel|station|media outlet)" "war media|military media"
C qz32 "affiliated media[^.]{0,80}|media[^.]{0,40}(tanf|strike)"
G qz33 "iraqi air force|iraqi jets|iraqi aircraft|iraqi warplanes" "\\bf-16|\\bf16\\b|l-159|cessna|mi-35|iraqi (f-16|jets?|helicopters?|aircraft|warplanes)"
C qz33 "iraqi air force[^.]{0,100}|f-16[^.]{0,60}"
G qz34 "turkish-backed" "(ahrar al-sham|sultan murad|hamza division|jaysh al-islam|free syrian army|fsa|euphrates shield groups|levant front|jabhat al-shamiya|faylaq al-sham|sham legion)" "turkish-backed[^.]{0,80}(named|called|including|such as)"
C qz34 "turkish-backed[^.]{0,100}"
# capital (unanswerable)
G qz35 "locally brokered|october 14" "(ankara|turkey|turkish)[^.]{0,160}raqq[^.]{0,80}(deal|evacuat|october 14|brokered|leave)" "(locally brokered|october 14)[^.]{0,200}(ankara|turkey|turkish)"
C qz35 "ankara[^.]{0,80}|turkey[^.]{0,60}raqq[^.]{0,40}"
G qz36 "november 11|nov 11|11 november" "(kremlin|moscow|russia|russian)[^.]{0,100}(counterattack|retook|lost albu kamal|recaptur)" "(counterattack|retook)[^.]{0,120}(kremlin|moscow|russia said|russian officials)"
C qz36 "russian[^.]{0,60}albu kamal|albu kamal[^.]{0,80}russian"
G qz37 "conoco" "(baghdad|iraqi (government|officials?|prime minister|foreign ministry))[^.]{0,120}conoco" "conoco[^.]{0,160}(baghdad|iraqi government|iraqi officials)"
C qz37 "conoco[^.]{0,100}(iraq|baghdad)[^.]{0,40}"
# near_topic
G qz38 "bishri" "jabal|jebel"
C qz38 "jabal[^.]{0,60}|jebel[^.]{0,60}"
G qz39 "qamishli|qamishly|kamishli|qamishlo" "hasakah"
C qz39 "hasakah[^.]{0,60}"
G qz40 "suwar|sowar|al-suwwar" "khabur"
C qz40 "khabur[^.]{0,60}"
G qz41 "ashara|asharah|ashareh|al-asharah"
# wrong_actor
G qz42 "iraqi air force" "(sdf|syrian democratic forces)[^.]{0,120}(iraqi (air|jets|strikes|air force))" "(iraqi air|iraqi strikes|iraqi jets)[^.]{0,160}(sdf|syrian democratic forces)[^.]{0,40}(said|welcomed|criticis|objected|condemned)"
C qz42 "iraqi air force[^.]{0,150}"
G qz43 "su-22" "(hezbollah|hizballah)[^.]{0,120}(su-22|shoot-?down|shot down)" "(su-22|shoot-?down)[^.]{0,160}(hezbollah|hizballah)"
C qz43 "su-22[^.]{0,100}"
G qz44 "f-22" "(sdf|syrian democratic forces)[^.]{0,120}(f-22|intercept|su-25)" "(f-22|su-25|intercept)[^.]{0,160}(sdf|syrian democratic forces)"
C qz44 "f-22[^.]{0,100}|su-25[^.]{0,60}"
G qz45 "british" "(british|britain|uk government|london)[^.]{0,120}(tanf|(militia|pro-regime|pro-government) convoy)" "(tanf|(militia|pro-regime|pro-government) convoy)[^.]{0,160}(british|britain|uk government|london)"
C qz45 "british[^.]{0,100}"
# unanswerable_period
G qz46 "khasham" "khasham[^.]{0,160}2016|2016[^.]{0,160}khasham"
C qz46 "khasham[^.]{0,80}"
G qz47 "al-hari|\\bhari\\b" "al-hari[^.]{0,160}2017|2017[^.]{0,160}al-hari"
C qz47 "hari\\b[^.]{0,80}"
G qz48 "qalamoun" "qalamoun[^.]{0,200}2018|2018[^.]{0,200}qalamoun" "lebanese border[^.]{0,120}2018"
C qz48 "qalamoun[^.]{0,120}"
# N: neighbours in eval/questions.jsonl
N qz01 "hashd|popular mob|pmu" "sinjar"
N qz02 "manbij"
N qz03 "iraqi (air|jets|air force|air strikes)"
N qz04 "tabqa|lake assad"
N qz05 "hotline|phone link|calls"
N qz06 "al-omar|biggest oil|largest oil"
N qz07 "hajin.*(prepar|dig|defen|ready)|(prepar|dig|defen|ready).*hajin"
N qz08 "sukhnah|palmyra road"
N qz09 "pontoon|priority"
N qz10 "tanf.*(posture|defensive|footprint)|(posture|defensive).*tanf"
N qz11 "october 14|mid-october|locally brokered|raqq.*deal"
N qz12 "mayad"
N qz13 "qalamoun|buses|cratered"
N qz14 "special forces|military police|october 2017.*(assessment|review)"
N qz15 "fight harder|mayadin.*albu kamal|albu kamal.*mayadin"
N qz16 "old city"
N qz17 "june 9|9 june|race to the|dash to the"
N qz18 "al-qaim|qaim" "no role|no air strikes|first attempt|first go|first assault"
N qz19 "whittlesey|bronze age|stilt"
N qz20 "marzamemi|roman wreck"
N qz21 "meridian-1|cornwall|cable"
N qz22 "harvest truce|donbas|luhansk"
N qz23 "ljubljana"
N qz24 "krk|lng terminal"
N qz25 "timbuktu|minusma"
N qz26 "pyeongchang|biathlon|hollenstein"
N qz27 "tokyo|rowing|men's eight"
N qz28 "deir ?ez-?zor city|deir ezzor city|dayr az-zawr city" "civilian"
N qz29 "siege.*(broken|broke|lifted)|relief|relieve"
N qz30 "december 11|11 december|dec 11|11 dec|going home|heading home|drawdown"
N qz31 "crossed (over )?from|iraqi units|first assault|first go|9 nov|november 9"
N qz32 "hizballah-affiliated|hezbollah-affiliated|media|outlet"
N qz33 "iraqi (air|jets|aircraft|warplanes)"
N qz34 "turkish-backed"
N qz35 "raqq.*(deal|evac|arrangement)"
N qz36 "nov(ember)? 11|11 nov|retook most|took most of albu kamal"
N qz37 "conoco"
N qz38 "bishri|jabal"
N qz39 "qamishli|hasakah"
N qz40 "suwar|khabur|busayrah"
N qz41 "ashara|muhass?an"
N qz42 "iraqi (air|jets|air force)"
N qz43 "su-22"
N qz44 "f-22"
N qz45 "british|britain|\\buk\\b"
N qz46 "khasham"
N qz47 "al-hari"
N qz48 "qalamoun"
