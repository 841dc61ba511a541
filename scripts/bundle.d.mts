export declare function bundle(entry: string, outfile: string): Promise<string>;
