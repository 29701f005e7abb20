# qo batch: greps for the 30 unanswerable questions (qo19-qo48).
# Run from eval/blind:  bash qo-greps.sh > qo-greps.out 2>&1
# The script copies corpus, distractors, pages and dated into a temporary folder with HTML tags replaced by spaces
# (so link targets and markup do not count), greps there, and deletes the copy. Paths in the output are relative to eval/.
# G lists the files that match each pattern (case-insensitive, ERE);
# C prints each match with up to 70 characters either side, for the hits that needed reading.
cd "$(dirname "$0")/.." || exit 1
T=$(mktemp -d /tmp/qo-greps.XXXXXX) || exit 1
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
G qo19 "integration course" "bamf" "550,000" "participants" "[0-9][0-9,.]* (new )?(course )?participants" "integration[^.]{0,200}\b2017\b"
C qo19 "participants|integration course"
G qo20 "budget control act|budget deal|budget agreement" "march 23|23 march" "omnibus" "spending bills?" "1\.3 trillion" "third shutdown" "march 23[^.]{0,120}(passed|signed|approved)"
C qo20 "march 23|spending bills?|omnibus|shutdown"
G qo21 "national emergency" "military construction" "(declared|declares|declaring) (a )?national emergency" "(8\.1|6\.7|3\.6) billion"
C qo21 "national emergency|military construction|15 february|february 15"
G qo22 "amisom" "security council" "resolution 24[0-9][0-9]" "(delay|postpone|put off)[^.]{0,80}(cuts?|drawdown|reduction)" "20,600|19,626"
C qo22 "security council|(delay|postpone)[^.]{0,80}(cuts?|drawdown)"
G qo23 "special purpose vehicle|\\bspv\\b" "instex" "waivers?" "agreed to host" "(paris|berlin|london|france|germany|britain|austria|belgium|luxembourg)[^.]{0,120}(special purpose vehicle|spv)"
C qo23 "special purpose|agreed to host|instex"
G qo24 "afad" "death toll" "kahramanmaras|pazarcik|elbistan" "(5[0-9]|4[0-9]),[0-9]{3} (people|deaths|dead)" "final (death )?toll"
C qo24 "death toll|deaths|killed[^.]{0,40}earthquake|earthquake[^.]{0,60}killed"
G qo25 "azadi" "isfahan|tabriz" "sections? for women|women's sections?" "(shiraz|ahvaz|ahwaz|kermanshah|rasht|karaj|arak|qom|kerman\b)"
C qo25 "isfahan|tabriz|sections? for women|four more stadiums"
G qo26 "minusma" "moura" "mandate" "resolution 2640|2640" "(renew|renewed|extend|extended|renewal)[^.]{0,80}mandate" "abstain"
C qo26 "mandate|abstain"
G qo27 "oryx" "bayraktar" "azerbaijani (tanks|vehicles|losses)" "[0-9]+ azerbaijani (tanks|vehicles)" "(tanks|vehicles)[^.]{0,60}azerbaijan"
C qo27 "oryx|azerbaijani (tanks|vehicles)|[0-9]+ (armenian|azerbaijani) tanks"
# missing_fact
G qo28 "al-omar" "[0-9][0-9,]* (daesh |isis |isil )?fighters[^.]{0,100}(al-omar|the field)" "(al-omar|the field)[^.]{0,100}[0-9][0-9,]* (daesh |isis |isil )?fighters"
C qo28 "al-omar[^.]{0,80}(defend|withdr|fighters)|withdrew from the field|chosen not to defend"
G qo29 "mayadin|mayadeen" "[0-9][0-9,]* (islamic state |isis |isil |daesh )?fighters[^.]{0,120}(withdrew|mayadin|albu kamal)" "mayadin[^.]{0,160}[0-9][0-9,]* (islamic state |isis |daesh )?fighters"
C qo29 "withdrew south-east|[0-9][0-9,]* (islamic state |isis |isil |daesh )?fighters"
G qo30 "afrin" "olive branch" "free syrian army|syrian national army|sultan murad|hamza division|faylaq al-sham|ahrar al-sham|jaysh al-islam|levant front" "rebel (groups|factions)" "turkish-backed"
C qo30 "turkish-backed[^.]{0,80}|rebel (groups|factions)[^.]{0,80}"
G qo31 "khasham" "ac-130|b-52|apache|f-15|f-22|reaper|gunships?|helicopters?|bombers?" "(air|artillery) strikes[^.]{0,120}khasham|khasham[^.]{0,200}(aircraft|jets|gunships?|helicopters?)"
C qo31 "khasham|several hours of air|gunships?|bombers?|apache|ac-130|b-52|helicopters?"
G qo32 "foreigners|foreign fighters" "[0-9][0-9,]* foreign(ers| fighters)" "foreign(ers| fighters)[^.]{0,80}[0-9][0-9,]*"
C qo32 "foreigners|foreign fighters"
G qo33 "suspend" "resum(e|ed|ption)" "hajin[^.]{0,160}(november [0-9]+|[0-9]+ november)|(november [0-9]+|[0-9]+ november)[^.]{0,160}hajin" "(resumed|restarted|relaunched)[^.]{0,120}(hajin|offensive)"
C qo33 "resum(e|ed|ption)[^.]{0,80}|suspend[^.]{0,80}"
G qo34 "sousa" "al-shafa|shafa" "baghuz" "[0-9][0-9,]* (isil |isis |daesh )?fighters[^.]{0,150}(sousa|shafa|baghuz)" "(sousa|shafa|baghuz)[^.]{0,150}[0-9][0-9,]* (isil |isis |daesh )?fighters"
C qo34 "sousa|baghuz|few square kilometres"
# near_topic
G qo35 "arsal" "nusra|tahrir al-sham|\bhts\b" "jurud|barrens" "(hezbollah|hizballah)[^.]{0,150}(july 2017|nusra)"
C qo35 "nusra|tahrir al-sham|(hezbollah|hizballah)[^.]{0,80}(fighters (were )?killed|lost|losses|casualties)"
G qo36 "shaer|sha'er|sha'ir|al-shair" "gas fields? (east of|near|around) (homs|palmyra)" "homs"
C qo36 "gas fields? [^.]{0,80}(homs|palmyra)|(homs|palmyra)[^.]{0,80}gas"
G qo37 "ghwayran|ghweiran|guweiran|sina'a|sinaa" "prison (break|attack|raid|riot)" "(stormed|attacked|attack on) (a |the )?prison" "hasakah[^.]{0,200}\b2022\b|\b2022\b[^.]{0,200}hasakah"
C qo37 "prison[^.]{0,80}|detainees|hasakah[^.]{0,60}"
G qo38 "soleimani|suleimani" "muhandis" "baghdad airport|baghdad international airport" "expel (foreign|us) (troops|forces)" "january 2020"
C qo38 "soleimani|muhandis|baghdad airport|parliament[^.]{0,80}(iraq|vote)"
# wrong_actor
G qo39 "raqqa|raqqah" "(damascus|syrian government|the government|regime|assad)[^.]{0,150}(raqqa|raqqah|liberation|ceremony)" "(raqqa|raqqah|liberation|ceremony)[^.]{0,150}(damascus|syrian government|regime|assad)"
C qo39 "(damascus|syrian government|regime|assad)[^.]{0,150}(raqqa|raqqah|ceremony|stadium)|(raqqa|raqqah|ceremony|stadium)[^.]{0,150}(damascus|syrian government|regime|assad)"
G qo40 "border (security )?force" "30,000" "(iraq|iraqi|baghdad)[^.]{0,150}border (security )?force|border (security )?force[^.]{0,150}(iraq|iraqi|baghdad)"
C qo40 "border (security )?force[^.]{0,120}|(iraq|iraqi|baghdad)[^.]{0,150}border (security )?force"
G qo41 "november 9|9 november" "premature" "(russia|moscow|russian|kremlin)[^.]{0,150}(premature|november 9|first assault|announcement)|(premature|november 9|first assault)[^.]{0,150}(russia|moscow|russian)"
C qo41 "premature[^.]{0,100}|november 9[^.]{0,100}|russian aircraft resume[^.]{0,40}"
G qo42 "mayadin|mayadeen" "israel[^.]{0,200}(mayadin|mayadeen)|(mayadin|mayadeen)[^.]{0,200}israel"
C qo42 "israel[^.]{0,120}"
# unanswerable_period
G qo43 "putin" "partial (withdrawal|pull-?out|drawdown)" "(russia|russian|moscow|kremlin)[^.]{0,150}\b2016\b|\b2016\b[^.]{0,150}(russia|russian|moscow|kremlin)" "march 2016|march 14"
C qo43 "\bputin[^.]{0,80}|(russia|russian|moscow|kremlin|putin)[^.]{0,120}\b2016\b|\b2016\b[^.]{0,120}(russia|russian|moscow|kremlin|putin)|partial (withdrawal|pull-?out|drawdown)|return home"
G qo44 "joint (us-turkish )?patrols" "safe zone|security mechanism" "patrol[^.]{0,150}\b2019\b|\b2019\b[^.]{0,150}patrol"
C qo44 "patrols?[^.]{0,100}"
G qo45 "border (security )?force[^.]{0,200}\b2019\b|\b2019\b[^.]{0,200}border (security )?force" "lower profile" "mischaracteri[sz]ed"
C qo45 "lower profile|mischaracteri[sz]ed|training programme"
# capital
G qo46 "intermediaries|middlemen" "[0-9][0-9,]* barrels[^.]{0,150}(government|damascus|refiner)" "(government|damascus|refiner)[^.]{0,150}[0-9][0-9,]* barrels"
C qo46 "intermediaries|[0-9][0-9,]* barrels[^.]{0,80}"
G qo47 "al-hari" "kataib" "(iran|tehran|iranian)[^.]{0,150}(al-hari|the strike|june 17)|(al-hari|the strike|june 17)[^.]{0,150}(iran|tehran|iranian)"
C qo47 "(iran|tehran|iranian)[^.]{0,120}(strike|al-hari|positions)|(strike|al-hari)[^.]{0,120}(iran|tehran|iranian)"
G qo48 "envoy" "\\b(jeffrey|mcgurk|pompeo|mattis)\\b" "bolton" "(calm|de-?escalat)[^.]{0,100}(border|turkey)" "observation posts"
C qo48 "bolton[^.]{0,40}|envoy[^.]{0,100}|calm the border[^.]{0,100}|observation posts[^.]{0,60}"
