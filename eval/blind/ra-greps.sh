# ra batch: greps for the answerable expect strings (ra01-ra18), then for the 30 unanswerable questions (ra19-ra48),
# then neighbour greps over the existing questions.
# Run from eval/blind:  bash ra-greps.sh > ra-greps.out 2>&1   (or from eval: bash blind/ra-greps.sh > blind/ra-greps.out)
# Same method as qz-greps.sh: the script copies corpus, distractors, pages and dated into a temporary folder with HTML
# tags replaced by spaces (so link targets and markup do not count), greps there, and deletes the copy. Paths in the
# output are relative to eval/.
# G lists the files that match each pattern (case-insensitive, ERE, one line at a time);
# C prints each match with up to 70 characters either side, for the hits that needed reading.
# For each unanswerable question the first patterns are its key names (broad: hits are read in the C output); the later
# ones are the answer-bearing facts, which must all give "none".
# N (last section) greps eval/questions.jsonl (qz01-qz48 included) for the key words of every question of the batch
# and prints "id type | question" of each hit: the neighbours checked for duplicates.
cd "$(dirname "$0")/.." || exit 1
QF="$PWD/questions.jsonl"
T=$(mktemp -d /tmp/ra-greps.XXXXXX) || exit 1
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
G ra01 "while saying that air strikes against ISIS would continue"
C ra01 "air strikes[^.]{0,40}(continue|resumed)"
G ra02 "drive a wedge between Washington and both Ankara and the Kurds"
G ra03 "limit the government's and Iran's reach east of the river"
G ra04 "the gas fields around Palmyra in the central desert"
G ra05 "to prevent Daesh fighters from crossing the river"
G ra06 "given the opposition within the US government and from allies"
C ra06 "withdrawal[^.]{0,60}(slowed|reversed|in full)"
G ra07 "used the deconfliction hotline with Russia before and during the attack"
G ra08 "once operations in Mosul and Tal Afar are complete" "tal afar"
G ra09 "unless Russia secures a deconfliction agreement that reserves it for Damascus"
C ra09 "reach al-omar[^.]{0,80}|deconfliction agreement[^.]{0,60}"
G ra10 "The third comes from the south-east"
G ra11 "but the airport pocket is more exposed"
G ra12 "cannot reinforce them easily across the lake"
G ra13 "caught between its American and Iranian partners"
G ra14 "Iran is not part of these talks"
G ra15 "then from the Euphrates crossings to the south" "the SDF closed the last road south of the river"
G ra16 "first require retaking Palmyra and then the desert town of Sukhnah" "the last ISIS-held town on the highway between Palmyra and Deir ez-Zor"
C ra16 "palmyra, retaken[^.]{0,40}|fell on 12 august 2017"
G ra17 "to secure as much of the province as possible for the government" "spending time and attention on each other rather than on the group"
G ra18 "periodic shelling between Turkish-backed groups and the SDF" "with Turkish troops and Turkish-backed Syrian rebel groups"
C ra18 "turkish-backed[^.]{0,60}"
# off_domain
G ra19 "triana|olimpia" "referee|refereed|whistle" "referee[^.]{0,80}(lisbon|luz|triana|olimpia)" "(lisbon|luz|triana|olimpia)[^.]{0,160}referee"
C ra19 "referee[^.]{0,60}|whistle[^.]{0,40}"
G ra20 "o'donnell-hart|antimicrobial" "awareness campaign" "awareness campaign[^.]{0,120}(dollar|billion|million|cost|pound)" "(dollar|billion|million|cost)[^.]{0,80}awareness campaign"
C ra20 "awareness[^.]{0,100}|40 billion[^.]{0,80}"
G ra21 "ashcroft" "ashcroft[^.]{0,80}(team|rides for|riding for|squad)" "(team|squad)[^.]{0,40}ashcroft" "ashcroft \\((gbr|[a-z]+), [a-z]"
C ra21 "ashcroft[^.]{0,80}|[a-z]+'s team, [a-z]+"
G ra22 "mount kenya|elephant" "kenya wildlife service" "kenya wildlife service[^.]{0,60}(paid|contributed|provided|put in|gave)[^.]{0,40}[0-9]" "[0-9][0-9.,]* (million )?(us )?(dollars )?(came )?(from|by) the kenya wildlife service"
C ra22 "wildlife service[^.]{0,80}|2\\.4 million[^.]{0,100}"
G ra23 "kronauer" "united states" "(kronauer|fines|compensation|recall)[^.]{0,120}united states[^.]{0,80}[0-9]+(\\.[0-9]+)? (billion|million)" "[0-9]+(\\.[0-9]+)? (billion|million)[^.]{0,80}(in the united states|to us authorities|american (authorities|customers|owners))"
C ra23 "22 billion[^.]{0,100}|kronauer[^.]{0,60}(paid|pay)[^.]{0,60}"
G ra24 "sairoon" "sairoon[^.]{0,120}[0-9.]+ ?(percent|%)" "[0-9.]+ ?(percent|%)[^.]{0,120}(sairoon|sadr)" "(sadr|sairoon)[^.]{0,80}(share of the vote|of the vote|votes cast)"
C ra24 "sairoon[^.]{0,100}|sadr[^.]{0,100}|turnout was[^.]{0,60}"
G ra25 "hatay|antakya" "hatay[^.]{0,160}[0-9,]+ (dead|deaths|people|killed|died)" "[0-9,]+ (dead|deaths|killed|died)[^.]{0,120}hatay"
C ra25 "hatay[^.]{0,120}|death toll[^.]{0,100}"
G ra26 "macawisley|hiraan" "macawisley[^.]{0,120}[0-9][0-9,]* (fighters|men|militiamen)" "[0-9][0-9,]* (clan )?(militiamen|militia fighters|macawisley fighters)" "clan militias?[^.]{0,60}[0-9][0-9,]* (fighters|men|militiamen)"
C ra26 "macawisley[^.]{0,120}|clan militia[^.]{0,100}"
G ra27 "haddad|sonnenallee" "microfinance" "loan of [^.]{0,20}[0-9]" "[0-9][0-9,.]* ?(euros?|€|eur)[^.]{0,40}loan|loan[^.]{0,40}[0-9][0-9,.]* ?(euros?|€|eur)"
C ra27 "loan[^.]{0,100}"
# missing_fact
G ra28 "uqayribat" "uqayribat[^.]{0,200}[0-9,]+ (isis |islamic state |daesh )?(fighters|militants|men)" "[0-9,]+ (isis |islamic state |daesh )?(fighters|militants)[^.]{0,160}(uqayribat|central syria|pocket in the desert)"
C ra28 "uqayribat[^.]{0,160}"
G ra29 "fewer than 3,000" "(in syria|on the syrian side|syrian side)[^.]{0,80}[0-9,]+ (isil |isis |daesh )?fighters" "[0-9,]+ (isil |isis |daesh )?fighters[^.]{0,40}(remain |left |were )?(in syria|inside syria)"
C ra29 "fewer than 3,000[^.]{0,120}|[0-9,]+ (isil |isis |daesh )?fighters[^.]{0,60}"
G ra30 "resafa" "resafa[^.]{0,80}(june [0-9]+|[0-9]+ june)" "(june [0-9]+|[0-9]+ june)[^.]{0,80}resafa"
C ra30 "resafa[^.]{0,100}"
G ra31 "september 2-3|\\b30 km away" "(kabajeb|kabajib|shoula|shula|panorama|tharda|thardah|al-bghayliyah|ayyash)" "capturing (the )?(village|villages|town|hill|mount|base|checkpoint)s? (of )?[a-z]"
C ra31 "\\b30 km away[^.]{0,60}|september 2-3[^.]{0,80}|capturing several[^.]{0,80}"
G ra32 "uninhabitable" "raqq[^.]{0,200}[0-9,]+ (buildings|homes|houses|structures)" "[0-9,]+ (buildings|homes|houses|structures)[^.]{0,200}raqq"
C ra32 "uninhabitable[^.]{0,80}|[0-9,]+ (buildings|homes|houses|structures)[^.]{0,80}"
G ra33 "khasham" "wounded" "(attackers|pro-government (fighters|force)|assault force)[^.;]{0,80}wounded" "wounded[^.;]{0,80}(attackers|pro-government|assault force)"
C ra33 "wounded[^.]{0,80}"
G ra34 "4,500 square" "[0-9]+ villages[^.]{0,160}(pmu|popular mobili|hashd)" "(pmu|popular mobili|hashd)[^.]{0,200}[0-9]+ villages"
C ra34 "[0-9]+ (small )?villages[^.]{0,60}|4,500 square[^.]{0,60}"
# capital (unanswerable)
G ra35 "siege" "(baghdad|iraqi (government|officials?|prime minister|foreign ministry)|abadi)[^.]{0,160}(siege|deir ez-zor|deir ezzor|dayr az-zawr)" "(siege|deir ez-zor|deir ezzor|dayr az-zawr)[^.]{0,160}(baghdad|iraqi government|iraqi officials|abadi)"
C ra35 "siege[^.]{0,60}(broken|broke|break|lifted)|(baghdad|iraqi officials)[^.]{0,60}(welcom|said)"
G ra36 "fully under its control|november 3" "(tehran|iran|iranian (officials|government|foreign ministry))[^.]{0,100}(welcom|hail|congratulat|prais|statement|said)[^.]{0,160}(deir ezzor|deir ez-zor|dayr az-zawr)" "(deir ezzor city|deir ez-zor city|fall of deir ezzor)[^.]{0,160}(tehran|iranian officials|iran said)"
C ra36 "(tehran|iran)[^.]{0,80}(welcom|hail|said|statement)"
G ra37 "jordan|amman" "(jordan|amman)[^.]{0,160}(tanf|convoy|strike)" "(tanf|convoy|strike)[^.]{0,160}(jordan|amman)"
C ra37 "jordan[^.]{0,100}|amman[^.]{0,60}"
# near_topic
G ra38 "baaj|ba'aj|qairawan|qayrawan"
C ra38 "west of mosul[^.]{0,80}"
G ra39 "silo\\b|talal" "defect(ed|ion|ing)?\\b" "spokesman[^.]{0,60}(sdf|syrian democratic)|(sdf|syrian democratic forces)[^.]{0,40}spokesman"
C ra39 "defect[^.]{0,80}|talal[^.]{0,60}"
G ra40 "semalka|fishkhabour|faysh khabur|peshkhabour" "iraqi kurdistan|kurdistan region|\\bkrg\\b|erbil"
C ra40 "kurdistan[^.]{0,80}|erbil[^.]{0,60}"
G ra41 "evro ?polis|euro ?polis" "quarter of (the )?(output|production|revenue|oil)|25 ?(percent|%) of (the )?(output|production|revenue|oil)" "contractors?[^.]{0,100}(oil|fields?)[^.]{0,60}(share|cut|percent)"
C ra41 "private military contractors[^.]{0,80}|contractors[^.]{0,60}"
# wrong_actor
G ra42 "sinjar|may 29" "(hezbollah|hizballah|nasrallah)[^.]{0,200}(pmu|popular mobili|hashd)" "(hezbollah|hizballah|nasrallah) (said|welcomed|hailed|praised|called|statement)[^.]{0,200}(pmu|popular mobili|hashd|iraqi|border)" "(pmu|popular mobili|hashd)[^.]{0,200}(lebanese hezbollah|lebanese hizballah|nasrallah)"
C ra42 "(hezbollah|hizballah)[^.]{0,80}(pmu|popular mobili|hashd|iraqi)"
G ra43 "december 19|withdraw its roughly" "(pmu|popular mobili|hashd)[^.]{0,160}((us|american) (withdrawal|pull[- ]?out|troops)|leave syria)" "(us|american) (withdrawal|pull[- ]?out|troops)[^.]{0,200}(pmu|popular mobili|hashd)"
C ra43 "withdrawal announcement[^.]{0,80}|december 19[^.]{0,80}"
G ra44 "military police" "(sdf|syrian democratic forces|ypg|kurdish (officials|leaders|commanders))[^.]{0,200}military police" "military police[^.]{0,200}(sdf said|ypg said|kurdish (officials|leaders|commanders)|betray)"
C ra44 "military police[^.]{0,120}"
G ra45 "accused the coalition" "coalition (said|denied|rejected|dismissed|responded)[^.]{0,160}(al-omar|accus|deprive|resources)" "(denied|rejected|dismissed)[^.]{0,100}(accusation|russian (claim|charge))[^.]{0,100}(al-omar|sdf|oil field|coalition)" "(coalition|us officials|washington)[^.]{0,60}(denied|rejected|dismissed)[^.]{0,100}(accusation|russian (claim|charge)|al-omar)"
C ra45 "accus[^.]{0,120}|deprive[^.]{0,80}"
# unanswerable_period
G ra46 "al-bab" "al-bab[^.]{0,200}2016|2016[^.]{0,200}al-bab" "euphrates shield|december 2016" "(battle|fight(ing)?|siege|assault|offensive|advance)[^.]{0,80}al-bab[^.]{0,120}(2016|december|november)" "(2016|december|november)[^.]{0,120}(battle|fight(ing)?|siege|assault|offensive)[^.]{0,80}al-bab"
C ra46 "al-bab[^.]{0,100}|december 2016[^.]{0,60}"
G ra47 "tanf" "tanf[^.]{0,200}2018|2018[^.]{0,200}tanf"
C ra47 "tanf[^.]{0,100}2018|2018[^.]{0,100}tanf|(strike|struck|hit)[^.]{0,60}(militia|convoy)[^.]{0,60}tanf"
G ra48 "military airport|airport" "airport[^.]{0,200}2018|2018[^.]{0,200}airport"
C ra48 "military airport[^.]{0,100}"
# N: neighbours in eval/questions.jsonl
N ra01 "operational pause|pause" "afrin.*(air|jets|strikes)|(air|jets|strikes).*afrin"
N ra02 "military police|afrin.*(russia|moscow|kremlin)|(russia|moscow|kremlin).*afrin"
N ra03 "jazira|east-bank offensive|shaddadi|sept(ember)? 9"
N ra04 "gas fields|al-ward|tayyem|palmyra.*gas"
N ra05 "sandstorm|dust|western bank|opposite hajin"
N ra06 "withdraw|pull-out|pull out|pulling out"
N ra07 "khasham|hotline"
N ra08 "al-qaim.*(expect|autumn|when)|tal afar|mosul"
N ra09 "conoco.*al-omar|al-omar.*(first|before the government)|deconfliction agreement"
N ra10 "axes|axis|third"
N ra11 "airport pocket|two pockets|cut .* in two|split"
N ra12 "tabqa.*(reinforc|fighters|lake)|reinforc"
N ra13 "hashd|pmu.*(border|frontier)" "caught between|awkward"
N ra14 "euphrates.*(talks|line)|dividing line|tehran.*line|iran.*line"
N ra15 "raqqa.*(south|river|crossing|boats)|small boats|last road"
N ra16 "palmyra|sukhnah.*(relie|land)|land relief"
N ra17 "industrial zone|sept(ember)? 16|16 sept|russian strike"
N ra18 "turkish-backed"
N ra19 "triana|olimpia|lisbon"
N ra20 "o'donnell|drug-resistant|antibiotic"
N ra21 "ashcroft|giro|zoncolan"
N ra22 "elephant|mount kenya|wildlife"
N ra23 "kronauer|diesel"
N ra24 "sairoon|sadr|iraq.*election"
N ra25 "hatay|earthquake|afad"
N ra26 "macawisley|hiraan|shabaab"
N ra27 "haddad|sonnenallee|bakery"
N ra28 "uqayribat"
N ra29 "3,000|fewer than 3"
N ra30 "resafa"
N ra31 "september 2-3|sept 2-3|30 km"
N ra32 "uninhabitable|buildings|raqq.*(destroy|damage|rubble)"
N ra33 "khasham|conoco.*(attack|clash)"
N ra34 "4,500|month-long|west of mosul"
N ra35 "siege.*(broke|broken|lifted|break)|(broke|broken|lifted|break).*siege"
N ra36 "nov(ember)? 3|3 nov|fully retaken|fully under"
N ra37 "jordan|amman"
N ra38 "baaj|qairawan|sinjar"
N ra39 "silo|spokesman|defect"
N ra40 "semalka|kurdistan|krg|erbil"
N ra41 "evro|polis|contractor|wagner"
N ra42 "hashd|pmu.*(border|frontier|sinjar)"
N ra43 "dec(ember)? 19|19 dec|withdraw.*(pmu|hashd)|(pmu|hashd).*withdraw"
N ra44 "military police|afrin"
N ra45 "al-omar.*(accus|moscow|russia|kremlin)|accus"
N ra46 "al-bab|euphrates shield"
N ra47 "tanf.*2018|2018.*tanf"
N ra48 "airport"
