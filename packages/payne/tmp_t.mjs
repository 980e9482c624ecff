import * as tf from '@tensorflow/tfjs';
await tf.setBackend('cpu');
// x [1,1,n,cin], filter [1,k,cout,cin]
const n=3, k=4;
const x = tf.tensor4d([1,2,3],[1,1,n,1]);
const K = [1,10,100,1000];
const f = tf.tensor4d(K,[1,k,1,1]);
const y = tf.conv2dTranspose(x, f, [1,1,2*n,1], [1,2], 'same');
console.log('tf', Array.from(y.dataSync()));
// Flax def with flipped kernel: out[p]=sum_i sum_j [p+j-2==2i] x[i] Kf[j], Kf=flip(K)
const Kf=[...K].reverse(); const xs=[1,2,3]; const out=[];
for(let p=0;p<2*n;p++){let s=0;for(let i=0;i<n;i++)for(let j=0;j<k;j++) if(p+j-2===2*i) s+=xs[i]*Kf[j]; out.push(s);} console.log('flax(flip K)',out);
const g = tf.grad((xx)=>tf.conv2dTranspose(xx, f, [1,1,2*n,1], [1,2], 'same').sum())(x); console.log('grad', g.dataSync());
let t=Date.now(); const v=tf.truncatedNormal([2048,22315],0,0.01,'float32',1); v.dataSync(); console.log('trunc init 45M ms', Date.now()-t);
t=Date.now(); const v2=tf.randomNormal([2048,22315],0,0.01,'float32',1); v2.dataSync(); console.log('normal init 45M ms', Date.now()-t);
