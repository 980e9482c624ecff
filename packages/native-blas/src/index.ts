export {
  enableNativeMatMul,
  disableNativeMatMul,
  isNativeMatMulEnabled,
  type EnableNativeMatMulOptions,
} from './enableNativeMatMul';
export { loadNativeBlas, nativeBlasLoadError, type NativeBlas } from './loadNativeBlas';
