# qr batch: greps for the 30 unanswerable questions (qr19-qr48).
# Run from eval/blind:  bash qr-greps.sh > qr-greps.out 2>&1
# Adapted from qq-greps.sh (same method). The script copies corpus, distractors, pages and dated into a temporary
# folder with HTML tags replaced by spaces (so link targets and markup do not count), greps there, and deletes the
# copy. Paths in the output are relative to eval/.
# G lists the files that match each pattern (case-insensitive, ERE, one line at a time);
# C prints each match with up to 70 characters either side, for the hits that needed reading.
# The first patterns of each question are its key names and figures (broad: hits are read in the C output);
# the later ones are the answer-bearing facts, which must give "none".
cd "$(dirname "$0")/.." || exit 1
T=$(mktemp -d /tmp/qr-greps.XXXXXX) || exit 1
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
G qr19 "opec" "oil minister" "naimi|nuaimi|al-falih|al-naimi" "saudi (arabia.s )?oil minister,? (ali|khalid|ibrahim|abdulaziz|prince|sheikh|al-)"
C qr19 "oil minister[^.]{0,60}|minister,? [A-Z][a-z]+ [A-Z][a-z-]+"
G qr20 "compliance" "five countries|committee of five" "complian[a-z]*[^.]{0,100}[0-9]+ ?(%|percent|per cent)" "[0-9]+ ?(%|percent|per cent)[^.]{0,80}complian"
C qr20 "complian[a-z]*[^.]{0,80}"
G qr21 "surcharge" "[a-z]+ (airways|airlines)[^.]{0,80}surcharge" "surcharge[^.]{0,120}([0-9]+ (dollars|euros|pounds|rupees|yen)|\\\$[0-9]+)" "surcharge of"
C qr21 "surcharge[^.]{0,80}|asian airline[^.]{0,60}"
G qr22 "qatar" "lng|liquefied" "qatar[^.]{0,200}(lng|liquefied)[^.]{0,100}(million tonnes|mtpa|capacity|[0-9]+ ?%)" "qatar[^.]{0,100}(raise|increase|expand|boost|lift)[^.]{0,80}(output|production|capacity) (to|by)"
C qr22 "qatar[^.]{0,100}"
G qr23 "cushing|west texas|wti" "tankers?" "floating storage" "(stored|storing|storage) (oil )?at sea[^.]{0,100}[0-9]" "[0-9][0-9,.]* (million )?barrels[^.]{0,80}(on|aboard) (tankers|ships|vessels)" "(tankers|vessels)[^.]{0,80}[0-9][0-9,.]* (million )?barrels"
C qr23 "store oil at sea[^.]{0,80}|tankers?[^.]{0,60}"
G qr24 "cwm tawel|huw pritchard|eleri griffiths" "900 (remote )?properties" "(council|councillors?)[^.]{0,150}(agreed|approved|voted|decided|rejected|refused)[^.]{0,100}(grant|900)" "grant[^.]{0,80}(was|has been|will be) extended"
C qr24 "900[^.]{0,80}|council will decide[^.]{0,80}"
G qr25 "lyra" "standby" "(software |firmware )?update[^.]{0,150}(released|shipped|rolled out|arrived|pushed out|fixed|improved standby)" "lyra[^.]{0,200}(standby|battery)[^.]{0,100}(fixed|improved|better after)" "lyra one[^.]{0,150}(november|december|2018)"
C qr25 "lyra[^.]{0,80}|standby[^.]{0,60}"
G qr26 "bank of england" "0\\.75" "(raised|increased|lifted) (its |the )?(main |bank )?(interest )?rates? to 0\\.75" "0\\.75[^.]{0,150}(may|august) 2018" "(may|august) 2018[^.]{0,150}(0\\.75|raised rates|rate rise)" "bank of england[^.]{0,200}(raised|held|kept)[^.]{0,100}(may|august)"
C qr26 "bank of england[^.]{0,80}|0\\.75[^.]{0,60}"
G qr27 "olimpia" "estadio da luz|estádio da luz|60,976" "olimpia (supporters|fans)" "[0-9,]+ (supporters|fans)[^.]{0,60}olimpia" "olimpia[^.]{0,80}[0-9,]+ (supporters|fans)"
C qr27 "olimpia[^.]{0,80}|[0-9,]+ (supporters|fans)[^.]{0,40}"
# missing_fact
G qr28 "intermediar|middlem" "qaterji|katerji|qatirji" "(intermediar|middlem|broker|trader)[a-z]*[^.]{0,40}(named|called|such as|including|led by)" "(businessman|company|firm) [a-z]+ [a-z-]+[^.]{0,120}(crude|oil)[^.]{0,80}(sdf|government)"
C qr28 "intermediar[a-z]*[^.]{0,80}|middlem[a-z]*[^.]{0,80}"
G qr29 "baghuz" "(baghuz)[^.]{0,200}(artillery|army|pmu|popular mobili|hashd|brigade|division)" "(iraqi )?(artillery|army|pmu|popular mobili|hashd|division|brigade)[^.]{0,100}shell[a-z]*[^.]{0,100}baghuz" "shell[a-z]*[^.]{0,60}(by|from) (the )?(iraqi )?(army|pmu|popular|artillery|federal police|counter-terror)"
C qr29 "baghuz[^.]{0,80}|iraqi forces shelled[^.]{0,80}"
G qr30 "al-bahra|gharanij" "(sdf|syrian democratic forces) (have |had )?(retook|recaptured|regained|took back|cleared|retaken)[^.]{0,60}(al-bahra|gharanij)" "(al-bahra|gharanij)[^.]{0,200}(november|december)"
C qr30 "(al-bahra|gharanij)[^.]{0,80}"
G qr31 "lebanese army" "juroud|jurud|dawn of the" "lebanese army[^.]{0,150}(operation|offensive) (called|named|codenamed|dubbed)"
C qr31 "lebanese army[^.]{0,80}"
G qr32 "british" "maghawir" "[0-9][0-9,]* (british|uk) (special forces|sas|soldiers|troops|personnel)" "(british|uk) (special forces|troops|soldiers)[^.]{0,30}(numbered|number about|totalled|were about)" "\\bsas\\b"
C qr32 "british[^.]{0,80}"
G qr33 "october 14|locally brokered" "(raqqa|raqqah)[^.]{0,200}(brokered|negotiated|mediated) by" "(brokered|negotiated|arranged|mediated) by[^.]{0,100}(elder|tribal|sheikh|tribe|notables)[^.]{0,150}(raqqa|raqqah|isis)" "(elders?|tribal leaders?|sheikhs?|notables)[^.]{0,150}(deal|brokered|negotiated|evacuat)[^.]{0,80}(raqqa|raqqah)"
C qr33 "brokered[^.]{0,80}|mediated by[^.]{0,60}"
G qr34 "f-22|su-25" "f-22[^.]{0,200}([0-9]+ (metres|meters|feet|km|kilometres|miles)|within|close as)" "([0-9]+ (metres|meters|feet)|within)[^.]{0,150}(su-25|f-22)" "su-25[^.]{0,200}(minutes|metres|feet|seconds)"
C qr34 "(f-22|su-25)[^.]{0,100}"
# capital (unanswerable)
G qr35 "cratered|stranded" "(russia|russian|moscow|kremlin)[^.]{0,150}(cratered|buses|bus convoy|stranded|qalamoun)[^.]{0,100}(said|condemned|criticised|denounced|protested|warned|accused|called)" "(cratered|buses|bus convoy|stranded)[^.]{0,150}(russia|russian|moscow|kremlin)[^.]{0,60}(said|condemned|criticised|denounced|protested|warned|accused|called)" "(russia|russian|moscow|kremlin)[^.]{0,60}(said|condemned|criticised|denounced|protested|warned|accused)[^.]{0,150}(isil convoy|bus convoy|cratered|buses|stranded)"
C qr35 "cratered[^.]{0,80}|with russia[^.]{0,40}|convoy[^.]{0,60}russia"
G qr36 "terror army" "erdogan|erdoğan|cavusoglu|çavuşoğlu|yildirim|kalin|kalın" "terror army[^.]{0,200}(erdogan|erdoğan|cavusoglu|çavuşoğlu|yildirim|kalin|kalın|president|minister|spokesman)" "(erdogan|erdoğan|cavusoglu|çavuşoğlu|yildirim|kalin|kalın|president|minister|spokesman)[^.]{0,200}terror army"
C qr36 "terror army[^.]{0,60}|.{0,40}(erdogan|erdoğan)[^.]{0,40}"
G qr37 "november 11" "(iran|tehran|iranian)[^.]{0,150}(said|statement|condemned|denied|blamed|vowed|foreign ministry)[^.]{0,150}(albu kamal|abu kamal|al-bukamal|counterattack)" "(albu kamal|abu kamal|al-bukamal|counterattack)[^.]{0,150}(iran|tehran|iranian)[^.]{0,40}(said|statement|condemned|denied|blamed|vowed|foreign ministry)"
C qr37 "iranian adviser[^.]{0,80}|november 11[^.]{0,80}"
# near_topic
G qr38 "badreddine|badr al-din|badreddin" "hezbollah.s (military|top) commander" "damascus airport"
G qr39 "palmyra" "mariinsky|gergiev" "concert|orchestra" "palmyra[^.]{0,200}(concert|orchestra|theatre|amphitheatre)" "(concert|orchestra)[^.]{0,200}palmyra"
C qr39 "palmyra[^.]{0,80}|(concert|orchestra)[^.]{0,60}"
G qr40 "hasakah" "hasakah[^.]{0,200}(2016|ypg|jets|air ?strikes?|bomb|clash)" "(2016|ypg|jets|air ?strikes?|bomb|clash)[^.]{0,150}hasakah"
C qr40 "hasakah[^.]{0,80}"
G qr41 "karrada" "karrada[^.]{0,200}(bomb|blast|attack|killed|dead|died|2016)" "(bomb|blast|attack|killed|dead|died|2016)[^.]{0,150}karrada"
C qr41 "karrada[^.]{0,80}"
# wrong_actor
G qr42 "khasham" "(turkey|turkish|ankara)[^.]{0,200}(khasham|conoco)" "(khasham|conoco)[^.]{0,200}(turkey|turkish|ankara)"
G qr43 "roundup|dashisha" "(iran|tehran|iranian)[^.]{0,200}(roundup|dashisha)" "(roundup|dashisha)[^.]{0,200}(iran|tehran|iranian)"
G qr44 "june 9" "(russia|russian|moscow|kremlin)[^.]{0,200}(june 9|reached the (syrian-iraqi|iraqi) border|race to the border)" "(june 9|reached the (syrian-iraqi|iraqi) border|race to the border)[^.]{0,200}(russia|russian|moscow|kremlin)"
C qr44 "june 9[^.]{0,80}"
G qr45 "cemetery|splits? (the )?(dayr az-zawr )?enclave" "(iran|tehran|iranian)[^.]{0,200}(enclave|split|cemetery|january 1[47])" "(enclave|split the enclave|january 1[47])[^.]{0,200}(iran|tehran|iranian)"
# unanswerable_period
G qr46 "mayadin|mayadeen" "(mayadin|mayadeen)[^.]{0,250}\\b2019\\b" "\\b2019\\b[^.]{0,250}(mayadin|mayadeen)"
G qr47 "uqayribat" "uqayribat[^.]{0,250}\\b(2015|2016)\\b" "\\b2016\\b[^.]{0,250}uqayribat" "(eastern hama|central desert)[^.]{0,150}\\b2016\\b"
C qr47 "uqayribat[^.]{0,80}"
G qr48 "hawijat" "hawijat[^.]{0,250}\\b(2015|2016)\\b" "\\b2016\\b[^.]{0,250}hawijat" "island[^.]{0,150}(deir|dayr)[^.]{0,100}\\b2016\\b"
C qr48 "hawijat[^.]{0,80}"
