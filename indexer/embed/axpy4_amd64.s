#include "textflag.h"

// func axpy4(sims, r0, r1, r2, r3 []float32, x0, x1, x2, x3 float32)
//
// For every j < len(sims): t = x0*r0[j]; t += x1*r1[j]; t += x2*r2[j];
// t += x3*r3[j]; sims[j] += t, in float32 without fused operations, four
// j at a time (SSE, part of every amd64 CPU): the same roundings, and so
// the same results, as axpy4Go.
TEXT ·axpy4(SB), NOSPLIT, $0-136
	MOVQ   sims_base+0(FP), DI
	MOVQ   sims_len+8(FP), CX
	MOVQ   r0_base+24(FP), R8
	MOVQ   r1_base+48(FP), R9
	MOVQ   r2_base+72(FP), R10
	MOVQ   r3_base+96(FP), R11
	MOVSS  x0+120(FP), X0
	SHUFPS $0, X0, X0
	MOVSS  x1+124(FP), X1
	SHUFPS $0, X1, X1
	MOVSS  x2+128(FP), X2
	SHUFPS $0, X2, X2
	MOVSS  x3+132(FP), X3
	SHUFPS $0, X3, X3
	XORQ   AX, AX
	MOVQ   CX, DX
	ANDQ   $-4, DX

loop4:
	CMPQ   AX, DX
	JGE    tail
	MOVUPS (R8)(AX*4), X4
	MULPS  X0, X4
	MOVUPS (R9)(AX*4), X5
	MULPS  X1, X5
	ADDPS  X5, X4
	MOVUPS (R10)(AX*4), X5
	MULPS  X2, X5
	ADDPS  X5, X4
	MOVUPS (R11)(AX*4), X5
	MULPS  X3, X5
	ADDPS  X5, X4
	MOVUPS (DI)(AX*4), X5
	ADDPS  X4, X5
	MOVUPS X5, (DI)(AX*4)
	ADDQ   $4, AX
	JMP    loop4

tail:
	CMPQ   AX, CX
	JGE    done
	MOVSS  (R8)(AX*4), X4
	MULSS  X0, X4
	MOVSS  (R9)(AX*4), X5
	MULSS  X1, X5
	ADDSS  X5, X4
	MOVSS  (R10)(AX*4), X5
	MULSS  X2, X5
	ADDSS  X5, X4
	MOVSS  (R11)(AX*4), X5
	MULSS  X3, X5
	ADDSS  X5, X4
	MOVSS  (DI)(AX*4), X5
	ADDSS  X4, X5
	MOVSS  X5, (DI)(AX*4)
	INCQ   AX
	JMP    tail

done:
	RET
