// Sets up the native TensorFlow backends only (what `npm start` runs before `morphsweep up`;
// `npm run provision` does it too, with everything else). Never exits non-zero: without
// TensorFlow, training uses wasm and this says why.
import { consoleLog } from './lib/log';
import { provisionNativeTensorflow } from './lib/native-tensorflow.provision';

void provisionNativeTensorflow(consoleLog);
