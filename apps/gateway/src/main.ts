import { X } from "@weop/contracts";
console.log(X);
